//
// HttpClient.h
//
// Definition of the HttpClient class.
//


#ifndef Polytomic_Plugins_HttpClient_INCLUDED
#define Polytomic_Plugins_HttpClient_INCLUDED


#include "Poco/Net/Context.h"
#include "polytomic/connector.h"
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>


namespace polytomic {
namespace plugins {


class HttpClient
	/// The HTTP client connectors call through the host, so that every connector
	/// treats an API the same way: retries with exponential backoff on connection
	/// errors, 429, 502, 503 and 504; Retry-After honoured (seconds or an HTTP
	/// date, capped at 60 s); shared rate budgets; a timeout per attempt; and an
	/// early stop when the work is cancelled.
{
public:
	struct Request
	{
		std::string method = "GET";
		std::string url;
		std::map<std::string, std::string> headers;
		std::string body;
		std::chrono::milliseconds timeout{30000};
		unsigned maxAttempts = 5;
		std::string rateBudget;
		double requestsPerSecond = 0;

		static Request fromAbi(const polytomic_http_request* request);
			/// Throws std::invalid_argument for a malformed request.
	};

	struct Response
	{
		int status = 0;
		std::map<std::string, std::string> headers;
		std::string body;
		std::string error;
		unsigned attempts = 0;
	};

	Response send(const Request& request);
		/// Never throws for network trouble: a response without an answer has
		/// status 0 and error set.

	void cancel();

	void setSleeper(std::function<void(std::chrono::milliseconds)> sleeper);
		/// Replaces the waiting between attempts (tests record the delays).

	static std::chrono::milliseconds backoff(unsigned attempt);
		/// 500 ms, 1 s, 2 s, ... capped at 30 s, before the given retry (1-based).

	static std::chrono::milliseconds retryAfter(const std::string& value, std::chrono::milliseconds fallback);
		/// The wait a Retry-After header asks for, capped at 60 s.

private:
	Response attempt(const Request& request);
	void waitForBudget(const Request& request);
	void pause(std::chrono::milliseconds delay);

	std::atomic<bool> _cancelled{false};
	std::function<void(std::chrono::milliseconds)> _sleeper;
};


Poco::Net::Context::Ptr clientTlsContext();
	/// The TLS client context of every outgoing HTTPS call: the system's CAs,
	/// the certificate and host name checked, TLS 1.2 at least.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_HttpClient_INCLUDED
