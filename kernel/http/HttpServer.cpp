//
// HttpServer.cpp
//


#include "http/HttpServer.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServerParams.h"
#include <thread>


namespace polytomic {
namespace http {


namespace
{
	class HandlerFactory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		explicit HandlerFactory(ServerContext& context):
			_context(context)
		{
		}

		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new GuardedRequestHandler(_context);
		}

	private:
		ServerContext& _context;
	};


	class RefuseWhenStopping: public Poco::Net::TCPServerConnectionFilter
		/// POCO's acceptor notices a stop only after its current poll (up to 250 ms);
		/// this closes every connection accepted after shutdown began.
	{
	public:
		explicit RefuseWhenStopping(const std::atomic<bool>& stopping):
			_stopping(stopping)
		{
		}

		bool accept(const Poco::Net::StreamSocket&) override
		{
			return !_stopping.load();
		}

	private:
		const std::atomic<bool>& _stopping;
	};


	Poco::Net::ServerSocket listen(unsigned port)
	{
		try
		{
			Poco::Net::ServerSocket socket;
			socket.bind(Poco::Net::SocketAddress(Poco::Net::IPAddress(), static_cast<Poco::UInt16>(port)), true);
			socket.listen(256);
			return socket;
		}
		catch (const Poco::Exception& e)
		{
			throw std::runtime_error("cannot listen on port " + std::to_string(port) + " (" + e.displayText() +
				"); another process may be using it: stop it or set PORT to a free port");
		}
	}
}


HttpServer::HttpServer(const Router& router, const Params& params):
	_context{router, params.publicUrl, params.maxBodyBytes, {0}, Poco::Logger::get("polytomic.http")},
	_pool("http", 2, params.maxThreads),
	_socket(listen(params.port))
{
	Poco::Net::HTTPServerParams::Ptr serverParams = new Poco::Net::HTTPServerParams;
	serverParams->setMaxThreads(params.maxThreads);
	serverParams->setMaxQueued(256);
	serverParams->setKeepAlive(true);
	serverParams->setKeepAliveTimeout(Poco::Timespan(5, 0));
	serverParams->setTimeout(Poco::Timespan(30, 0));
	serverParams->setServerName("polytomic");
	_server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(_context), _pool, _socket, serverParams);
	_server->setConnectionFilter(new RefuseWhenStopping(_stopping));
}


HttpServer::~HttpServer()
{
	if (!_stopped) shutdown(std::chrono::milliseconds(0));
}


void HttpServer::start()
{
	_server->start();
}


bool HttpServer::shutdown(std::chrono::milliseconds grace)
{
	if (_stopped) return true;
	_stopped = true;
	_stopping = true;
	_server->stop();
	_socket.close();
	const auto deadline = std::chrono::steady_clock::now() + grace;
	while (_context.inFlight.load() > 0 && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	const bool drained = _context.inFlight.load() == 0;
	_server->stopAll(true);
	// A request still running at the deadline keeps its thread; joining it would break the bound.
	if (drained) _pool.joinAll();
	return drained;
}


unsigned HttpServer::port() const
{
	return _socket.address().port();
}


int HttpServer::inFlight() const
{
	return _context.inFlight.load();
}


} } // namespace polytomic::http
