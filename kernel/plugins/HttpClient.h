//
// HttpClient.h
//
// Definition of the HttpClient class.
//


#ifndef Polytomic_Plugins_HttpClient_INCLUDED
#define Polytomic_Plugins_HttpClient_INCLUDED


#include "Poco/Net/Context.h"
#include "Poco/String.h"
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
	///
	/// A request that may have reached the server (a timeout, a connection
	/// closed after sending, 502, 503 or 504) is retried only when repeating it
	/// is harmless: an idempotent method (RFC 9110 §9.2.2: GET, HEAD, OPTIONS,
	/// TRACE, PUT, DELETE), or a POST or PATCH the caller marks idempotent.
	/// Whatever the method, it is retried when the server says it did not act
	/// on it (429, 503 with Retry-After) or when nothing was sent (connection
	/// refused, unknown host).
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
		long long requestsPerDay = 0;
			/// The budget's daily quota (a UTC day), 0 for none: once it is used up the
			/// request is not sent, and the response is a 429 with error saying so.
		bool idempotent = false;
			/// The caller says repeating this request does no harm (an idempotency
			/// key, an upsert): a POST or PATCH is then retried as a GET is.
		bool authorize = false;
			/// Send it with the connection's OAuth access token (HostServices adds it).

		static Request fromAbi(const polytomic_http_request* request);
			/// Throws std::invalid_argument for a malformed request.
	};

	using Headers = std::map<std::string, std::string, Poco::CILess>;
		/// HTTP header names are case-insensitive (RFC 9110 §5.1).

	struct Response
	{
		int status = 0;
		Headers headers;
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
	static bool worthRetrying(const Request& request, const Response& response, bool sent);
		/// Whether another attempt may follow this one; sent is false when the
		/// attempt failed before any byte of the request left.

	Response attempt(const Request& request, bool& sent);
	bool waitForBudget(const Request& request, Response& refused);
		/// False, with refused set, when the budget's daily quota is used up.
	void pause(std::chrono::milliseconds delay);

	std::atomic<bool> _cancelled{false};
	std::function<void(std::chrono::milliseconds)> _sleeper;
};


Poco::Net::Context::Ptr clientTlsContext();
	/// The TLS client context of every outgoing HTTPS call: the system's CAs,
	/// the certificate and host name checked, TLS 1.2 at least.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_HttpClient_INCLUDED
