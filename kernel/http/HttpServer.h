//
// HttpServer.h
//
// Definition of the HttpServer class.
//


#ifndef Polytomic_Http_HttpServer_INCLUDED
#define Polytomic_Http_HttpServer_INCLUDED


#include "http/GuardedRequestHandler.h"
#include "http/HttpConnection.h"
#include "http/RequestHeadReader.h"
#include "http/Router.h"
#include "Poco/AutoPtr.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/TCPServerDispatcher.h"
#include "Poco/ThreadPool.h"
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>


namespace polytomic {
namespace http {


class HttpServer
	/// The web role's HTTP server. One thread (RequestHeadReader) accepts
	/// connections and reads request heads; a connection whose head is complete
	/// is served by a thread of the server's pool (HttpConnection, through a
	/// GuardedRequestHandler), then goes back to wait for its next request.
	/// Liveness probes (GET /status.txt) have two threads of their own, so that
	/// clients holding the pool (slow bodies, slow handlers) cannot starve them.
	/// One client (an IPv4 address, or an IPv6 /64) has at most
	/// maxRequestsPerAddress requests on the pool's threads at once; its further
	/// connections wait in the RequestHeadReader, which also holds back the
	/// connections of clients that do not read their responses.
{
public:
	struct Params
	{
		unsigned port = 5100;
		std::string bindAddress;            /// an IPv4 or IPv6 address; empty: every IPv4 interface
		std::string publicUrl;
		std::size_t maxBodyBytes = 10 * 1024 * 1024;
		int maxThreads = 64;
		int maxQueued = 256;                /// connections with a complete head waiting for a thread
		std::chrono::milliseconds headerTimeout{10000}; /// HTTP_HEADER_TIMEOUT
		std::chrono::milliseconds keepAliveTimeout{5000};
		std::chrono::milliseconds sendTimeout{10000};   /// HTTP_SEND_TIMEOUT: a response's write without progress
		std::chrono::milliseconds bodyTimeout{30000};   /// HTTP_BODY_TIMEOUT: for a request's body to arrive whole
		int maxRequestsPerAddress = 32;     /// HTTP_MAX_REQUESTS_PER_ADDRESS; 0: no limit
	};

	HttpServer(const Router& router, const Params& params);
		/// Binds the port; throws std::runtime_error saying so when it is in use.
	~HttpServer();

	void start();

	bool shutdown(std::chrono::milliseconds grace);
		/// Stops accepting connections, waits up to grace for the requests in
		/// flight to finish, then closes every connection. Returns false when
		/// requests were still running at the deadline.

	unsigned port() const;
		/// The bound port (useful when Params::port was 0).

	int inFlight() const;

	std::size_t waitingConnections() const;
		/// Connections whose next request head has not arrived yet.

private:
	using Dispatcher = Poco::AutoPtr<Poco::Net::TCPServerDispatcher>;

	bool dispatch(const Poco::Net::StreamSocket& socket, const std::string& head);
		/// Whether the connection went to a thread (false: its client has its share of them, or the queue is full).
	void release(const std::string& client);
		/// A connection of client left its thread.

	ServerContext _context;
	Poco::ThreadPool _pool;
	Poco::ThreadPool _livenessPool;
	Poco::Net::ServerSocket _socket;
	HttpConnection::Shared _shared;
	Dispatcher _requests;
	Dispatcher _liveness;
	std::unique_ptr<RequestHeadReader> _reader;
	int _maxRequestsPerAddress;
	int _maxQueued;
	std::mutex _servingMutex;
	std::map<std::string, int> _serving;   /// connections on a thread, by client
	bool _stopped = false;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_HttpServer_INCLUDED
