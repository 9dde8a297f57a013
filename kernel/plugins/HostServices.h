//
// HostServices.h
//
// Definition of the HostServices class.
//


#ifndef Polytomic_Plugins_HostServices_INCLUDED
#define Polytomic_Plugins_HostServices_INCLUDED


#include "plugins/HttpClient.h"
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
	/// cancellation flag.
{
public:
	explicit HostServices(const std::string& connectorId);

	const polytomic_host* table() const;

	void cancel();
	bool cancelled() const;

	void onProgress(std::function<void(int64_t, const std::string&)> callback);

	HttpClient& http();

private:
	static void log(void* context, int level, const char* message);
	static void progress(void* context, int64_t records, const char* message);
	static int isCancelled(void* context);
	static int httpRequest(void* context, const polytomic_http_request* request, polytomic_http_response* response);
	static void httpRelease(void* context, polytomic_http_response* response);

	polytomic_host _table;
	Poco::Logger& _logger;
	std::atomic<bool> _cancelled{false};
	std::function<void(int64_t, const std::string&)> _progress;
	HttpClient _http;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_HostServices_INCLUDED
