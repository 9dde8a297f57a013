//
// HttpServer.h
//
// Definition of the HttpServer class.
//


#ifndef Polytomic_Http_HttpServer_INCLUDED
#define Polytomic_Http_HttpServer_INCLUDED


#include "http/GuardedRequestHandler.h"
#include "http/Router.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/ThreadPool.h"
#include <atomic>
#include <chrono>
#include <memory>


namespace polytomic {
namespace http {


class HttpServer
	/// The web role's HTTP server: POCO's HTTPServer on a thread pool of its
	/// own, every request through a GuardedRequestHandler.
{
public:
	struct Params
	{
		unsigned port = 5100;
		std::string publicUrl;
		std::size_t maxBodyBytes = 10 * 1024 * 1024;
		int maxThreads = 64;
	};

	HttpServer(const Router& router, const Params& params);
	~HttpServer();

	void start();

	bool shutdown(std::chrono::milliseconds grace);
		/// Stops accepting connections, waits up to grace for the requests in
		/// flight to finish, then closes every connection. Returns false when
		/// requests were still running at the deadline.

	unsigned port() const;
		/// The bound port (useful when Params::port was 0).

	int inFlight() const;

private:
	ServerContext _context;
	Poco::ThreadPool _pool;
	Poco::Net::ServerSocket _socket;
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	std::atomic<bool> _stopping{false};
	bool _stopped = false;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_HttpServer_INCLUDED
