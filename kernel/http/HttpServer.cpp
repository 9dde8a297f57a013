//
// HttpServer.cpp
//


#include "http/HttpServer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/TCPServerConnectionFactory.h"
#include <arpa/inet.h>
#include <thread>


namespace polytomic {
namespace http {


namespace
{
	class ConnectionFactory: public Poco::Net::TCPServerConnectionFactory
	{
	public:
		ConnectionFactory(HttpConnection::Shared& shared, bool livenessOnly):
			_shared(shared),
			_livenessOnly(livenessOnly)
		{
		}

		Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
		{
			return new HttpConnection(socket, _shared, _livenessOnly);
		}

	private:
		HttpConnection::Shared& _shared;
		bool _livenessOnly;
	};


	Poco::Net::SocketAddress bindingAddress(const std::string& bindAddress, unsigned port)
	{
		const auto portNumber = static_cast<Poco::UInt16>(port);
		if (bindAddress.empty()) return Poco::Net::SocketAddress(Poco::Net::IPAddress(), portNumber);
		// inet_pton, not IPAddress::tryParse: POCO 1.11 refuses "::".
		in_addr v4;
		in6_addr v6;
		if (::inet_pton(AF_INET, bindAddress.c_str(), &v4) == 1) return Poco::Net::SocketAddress(Poco::Net::IPAddress(&v4, sizeof(v4)), portNumber);
		if (::inet_pton(AF_INET6, bindAddress.c_str(), &v6) == 1) return Poco::Net::SocketAddress(Poco::Net::IPAddress(&v6, sizeof(v6)), portNumber);
		throw std::runtime_error("BIND_ADDRESS '" + bindAddress + "' is not an IP address");
	}


	Poco::Net::ServerSocket listen(const std::string& bindAddress, unsigned port)
	{
		const Poco::Net::SocketAddress address = bindingAddress(bindAddress, port);
		try
		{
			// SO_REUSEADDR only, so that a restart binds despite connections in TIME_WAIT. Never
			// SO_REUSEPORT (POCO's bind(address, true) sets both): a second server on the port
			// would start and take a share of the connections instead of failing.
			Poco::Net::ServerSocket socket;
			if (address.family() == Poco::Net::SocketAddress::IPv6) socket.bind6(address, true, false, false);
			else socket.bind(address, true, false);
			socket.listen(256);
			return socket;
		}
		catch (const Poco::Exception& e)
		{
			throw std::runtime_error("cannot listen on " + address.toString() + " (" + e.displayText() +
				"); another process may be using the port: stop it or set PORT to a free port");
		}
	}


	Poco::Net::HTTPServerParams::Ptr serverParams(const HttpServer::Params& params)
	{
		Poco::Net::HTTPServerParams::Ptr p = new Poco::Net::HTTPServerParams;
		p->setMaxThreads(params.maxThreads);
		p->setMaxQueued(params.maxQueued);
		p->setKeepAlive(true);
		p->setKeepAliveTimeout(Poco::Timespan(params.keepAliveTimeout.count() * 1000));
		p->setTimeout(Poco::Timespan(30, 0));
		p->setServerName("polytomic");
		// An idle dispatcher thread notices a stop only when its wait ends.
		p->setThreadIdleTime(Poco::Timespan(1, 0));
		return p;
	}


	Poco::Net::TCPServerParams::Ptr livenessParams()
	{
		Poco::Net::TCPServerParams::Ptr p = new Poco::Net::TCPServerParams;
		p->setMaxThreads(2);
		p->setMaxQueued(32);
		p->setThreadIdleTime(Poco::Timespan(1, 0));
		return p;
	}
}


HttpServer::HttpServer(const Router& router, const Params& params):
	_context{router, params.publicUrl, params.maxBodyBytes, {0}, Poco::Logger::get("polytomic.http")},
	_pool("http", 2, params.maxThreads),
	_livenessPool("http-liveness", 1, 2),
	_socket(listen(params.bindAddress, params.port)),
	_shared{_context, serverParams(params), nullptr, nullptr, params.sendTimeout, params.bodyTimeout, {false}, {}, {}},
	_maxRequestsPerAddress(params.maxRequestsPerAddress),
	_maxQueued(params.maxQueued)
{
	_requests = new Poco::Net::TCPServerDispatcher(new ConnectionFactory(_shared, false), _pool, _shared.params);
	_liveness = new Poco::Net::TCPServerDispatcher(new ConnectionFactory(_shared, true), _livenessPool, livenessParams());
	RequestHeadReader::Params reading;
	reading.headTimeout = params.headerTimeout;
	reading.keepAliveTimeout = params.keepAliveTimeout;
	reading.sendTimeout = params.sendTimeout;
	reading.parkTimeout = params.headerTimeout;
	_reader = std::make_unique<RequestHeadReader>(_socket, reading,
		[this](const Poco::Net::StreamSocket& socket, const std::string& head) { return dispatch(socket, head); }, _context.logger);
	_shared.keepAlive = [this](const Poco::Net::StreamSocket& socket) { _reader->keepAlive(socket); };
	_shared.release = [this](const std::string& client) { release(client); };
}


HttpServer::~HttpServer()
{
	if (!_stopped) shutdown(std::chrono::milliseconds(0));
	// Handlers still running use this server's members.
	_pool.joinAll();
	_livenessPool.joinAll();
}


void HttpServer::start()
{
	_reader->start();
}


bool HttpServer::dispatch(const Poco::Net::StreamSocket& socket, const std::string& head)
{
	if (RequestHeadReader::isLivenessProbe(head))
	{
		// A full queue closes the connection (TCPServerDispatcher counts it as refused).
		_liveness->enqueue(socket);
		return true;
	}
	const std::string& client = static_cast<const ReadAheadSocketImpl*>(socket.impl())->client();
	{
		std::lock_guard<std::mutex> lock(_servingMutex);
		// Only this thread enqueues, so the queue cannot fill up between the check and enqueue().
		if (_requests->queuedConnections() >= _maxQueued) return false;
		int& serving = _serving[client];
		if (_maxRequestsPerAddress > 0 && serving >= _maxRequestsPerAddress) return false;
		++serving;
	}
	_requests->enqueue(socket);
	return true;
}


void HttpServer::release(const std::string& client)
{
	{
		std::lock_guard<std::mutex> lock(_servingMutex);
		const auto it = _serving.find(client);
		if (it != _serving.end() && --it->second <= 0) _serving.erase(it);
	}
	_reader->retry();
}


bool HttpServer::shutdown(std::chrono::milliseconds grace)
{
	if (_stopped) return true;
	_stopped = true;
	_shared.stopping = true;
	_reader->stop();
	_socket.close();
	const auto deadline = std::chrono::steady_clock::now() + grace;
	while (_context.inFlight.load() > 0 && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	const bool drained = _context.inFlight.load() == 0;
	_requests->stop();
	_liveness->stop();
	HttpConnection::abortAll(_shared);
	// A request still running at the deadline keeps its thread; joining it would break the bound.
	if (drained)
	{
		_pool.joinAll();
		_livenessPool.joinAll();
	}
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


std::size_t HttpServer::waitingConnections() const
{
	return _reader->waiting();
}


} } // namespace polytomic::http
