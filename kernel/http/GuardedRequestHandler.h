//
// GuardedRequestHandler.h
//
// Definition of the GuardedRequestHandler class.
//


#ifndef Polytomic_Http_GuardedRequestHandler_INCLUDED
#define Polytomic_Http_GuardedRequestHandler_INCLUDED


#include "http/Router.h"
#include "telemetry/Tracer.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include <atomic>


namespace polytomic {
namespace http {


struct ServerContext
	/// What every request handler of one server shares.
{
	const Router& router;
	std::string publicUrl;
	std::size_t maxBodyBytes;
	std::atomic<int> inFlight{0};
	Poco::Logger& logger;
};


class GuardedRequestHandler: public Poco::Net::HTTPRequestHandler
	/// Serves one request through the Router, and guarantees an answer: POCO
	/// drops the connection without a response when a std::exception escapes a
	/// handler, so every error becomes a JSON error body here. Gives each request
	/// an id (X-Request-Id, taken from the caller when well-formed) that every
	/// log line of the request carries, and counts requests in flight so that
	/// shutdown can wait for them.
{
public:
	explicit GuardedRequestHandler(ServerContext& context);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

	static std::string requestIdFor(const Poco::Net::HTTPServerRequest& request);
		/// The caller's X-Request-Id when it is 1-64 characters of [A-Za-z0-9._-], else a new
		/// UUID-shaped id (a random per-process prefix and a counter).

	static std::string newRequestId();
		/// A new UUID-shaped id, for a request that has none yet.

private:
	int serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, std::string& route);
		/// Answers the request; route receives the pattern of the route that served it.
	void count(const std::string& method, const std::string& route, int status, double seconds);
		/// The request in the Prometheus metrics (GET /metrics).
	static void trace(telemetry::Span& span, const std::string& method, const std::string& route, int status, const std::string& requestId);
		/// The request's span (TRACING).
	void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& json);

	ServerContext& _context;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_GuardedRequestHandler_INCLUDED
