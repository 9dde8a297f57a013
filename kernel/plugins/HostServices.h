//
// HostServices.h
//
// Definition of the HostServices class.
//


#ifndef Polytomic_Plugins_HostServices_INCLUDED
#define Polytomic_Plugins_HostServices_INCLUDED


#include "plugins/HttpClient.h"
#include "plugins/TokenPipe.h"
#include "polytomic/connector.h"
#include "Poco/Logger.h"
#include <atomic>
#include <functional>
#include <string>


namespace polytomic {
namespace plugins {


class HostServices
	/// The polytomic_host table a connector gets: its log lines go to the
	/// server's log (logger "polytomic.connector.<id>"), its progress to a
	/// callback, its HTTP calls through the HttpClient, and it sees the
	/// cancellation flag. A request marked authorize goes with the connection's
	/// OAuth access token; after a 401 it is sent once more with a new one, and
	/// when there is none (the user must sign in again) the answer is a 401
	/// whose error says so.
{
public:
	explicit HostServices(const std::string& connectorId);

	const polytomic_host* table() const;

	void cancel();
	bool cancelled() const;

	void onProgress(std::function<void(int64_t, const std::string&)> callback);

	HttpClient& http();

	void useAccessToken(const std::string& token);
		/// The OAuth access token sent with the requests the connector marks authorize,
		/// when no TokenPipe gives fresh ones (the harness: the configuration's token).

	void useTokens(TokenPipe* tokens);
		/// Where authorized requests get their token, and a new one after a 401.

private:
	static void log(void* context, int level, const char* message);
	static void progress(void* context, int64_t records, const char* message);
	static int isCancelled(void* context);
	static int httpRequest(void* context, const polytomic_http_request* request, polytomic_http_response* response);
	static void httpRelease(void* context, polytomic_http_response* response);
	HttpClient::Response authorized(HttpClient::Request request);

	polytomic_host _table;
	Poco::Logger& _logger;
	std::atomic<bool> _cancelled{false};
	std::function<void(int64_t, const std::string&)> _progress;
	HttpClient _http;
	std::string _accessToken;
	TokenPipe* _tokens = nullptr;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_HostServices_INCLUDED
