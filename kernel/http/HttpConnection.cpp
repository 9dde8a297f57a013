//
// HttpConnection.cpp
//


#include "http/HttpConnection.h"
#include "http/HttpError.h"
#include "http/RequestHeadReader.h"
#include "telemetry/LogContext.h"
#include "Poco/Buffer.h"
#include "Poco/Net/HTTPServerRequestImpl.h"
#include "Poco/Net/HTTPServerResponseImpl.h"
#include "Poco/Net/NetException.h"
#include "Poco/String.h"
#include "Poco/Timestamp.h"
#include <chrono>
#include <memory>


namespace polytomic {
namespace http {


namespace
{
	class Registration
	{
	public:
		Registration(HttpConnection::Shared& shared, HttpConnection* connection):
			_shared(shared),
			_connection(connection)
		{
			std::lock_guard<std::mutex> lock(_shared.mutex);
			_shared.active.insert(_connection);
		}

		~Registration()
		{
			std::lock_guard<std::mutex> lock(_shared.mutex);
			_shared.active.erase(_connection);
		}

	private:
		HttpConnection::Shared& _shared;
		HttpConnection* _connection;
	};


	class Response: public Poco::Net::HTTPServerResponseImpl
		/// A response that says 100 Continue only when the handler asks for the body
		/// (Exchange::body(), once the caller is authenticated and the declared length
		/// accepted). Until then it closes the connection: a client refused without a
		/// 100 may or may not send its body, so what follows cannot be read as a request.
	{
	public:
		explicit Response(Poco::Net::HTTPServerSession& session):
			Poco::Net::HTTPServerResponseImpl(session)
		{
		}

		void awaitContinue()
		{
			_awaiting = true;
			_keepAlive = getKeepAlive();
			setKeepAlive(false);
		}

		void sendContinue() override
		{
			if (!_awaiting || sent()) return;
			_awaiting = false;
			setKeepAlive(_keepAlive);
			Poco::Net::HTTPServerResponseImpl::sendContinue();
		}

		bool refusedWithoutContinue() const
		{
			return _awaiting;
		}

	private:
		bool _awaiting = false;
		bool _keepAlive = false;
	};


	class ReceiveDeadline
		/// The rest of a request (its body) must arrive within the body timeout of its head.
	{
	public:
		ReceiveDeadline(ReadAheadSocketImpl& socket, std::chrono::milliseconds timeout):
			_socket(socket)
		{
			_socket.setReceiveDeadline(ReadAheadSocketImpl::Clock::now() + timeout);
		}

		~ReceiveDeadline()
		{
			_socket.setReceiveDeadline(std::nullopt);
		}

	private:
		ReadAheadSocketImpl& _socket;
	};


	const Poco::Timespan UNREAD_BODY_TIMEOUT(2, 0);
	const Poco::Timespan NEXT_HEAD_WAIT(0, 10000);
	const std::size_t LINGER_LIMIT = 1 << 20;
}


HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket, Shared& shared, bool livenessOnly):
	Poco::Net::TCPServerConnection(socket),
	_shared(shared),
	_livenessOnly(livenessOnly)
{
}


HttpConnection::~HttpConnection()
{
	auto* impl = dynamic_cast<ReadAheadSocketImpl*>(socket().impl());
	if (!impl) return;
	if (!_livenessOnly && _shared.release) _shared.release(impl->client());
	// The last use of the socket on this thread: RequestHeadReader may hold the last reference.
	impl->letGo();
}


void HttpConnection::run()
{
	Registration registration(_shared, this);
	auto* impl = dynamic_cast<ReadAheadSocketImpl*>(socket().impl());
	if (!impl) return;
	// POCO sets no send timeout: a client that never reads its response would hold the thread.
	socket().setSendTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(_shared.sendTimeout).count()));
	for (int served = 1; serveOne(*impl); ++served)
	{
		if (served >= REQUESTS_IN_A_ROW || !nextHeadArrives(*impl))
		{
			_shared.keepAlive(socket());
			return;
		}
	}
}


bool HttpConnection::nextHeadArrives(ReadAheadSocketImpl& impl)
{
	// A client that asks again at once (in a loop, or pipelining) has its next head here within
	// a moment: serving it on this thread saves handing the connection over twice. Waiting any
	// longer would let idle clients hold threads again.
	if (!impl.headComplete())
	{
		try
		{
			if (!socket().poll(NEXT_HEAD_WAIT, Poco::Net::Socket::SELECT_READ)) return false;
		}
		catch (const Poco::Exception&)
		{
			return false;
		}
		impl.readAhead(RequestHeadReader::HEAD_LIMIT);
	}
	// A client that does not read its answers goes back to RequestHeadReader, which waits for it off the pool.
	return impl.headComplete() && (!_livenessOnly || RequestHeadReader::isLivenessProbe(impl.ahead())) && impl.writable();
}


bool HttpConnection::serveOne(ReadAheadSocketImpl& impl)
{
	Poco::Net::HTTPServerSession session(socket(), _shared.params);
	std::string malformed;
	try
	{
		ReceiveDeadline deadline(impl, _shared.bodyTimeout);
		auto response = std::make_unique<Response>(session);
		Poco::Net::HTTPServerRequestImpl request(*response, session, _shared.params);
		checkFraming(request);
		const bool again = serve(request, *response);
		const bool bodyMayNotCome = response->refusedWithoutContinue();
		// The response is flushed when it is destroyed; the client must have it before
		// the rest of its body is read (it may send that only then).
		response.reset();
		if (bodyMayNotCome || !dropUnreadBody(request))
		{
			closeGently();
			return false;
		}
		if (!again) return false;
		// The session may have read past this request (a client that pipelines): those bytes start the next one.
		Poco::Buffer<char> rest(0);
		session.drainBuffer(rest);
		impl.putBack(rest.begin(), rest.size());
		session.detachSocket();
		return true;
	}
	catch (const Poco::Net::NoMessageException&)
	{
		return false;
	}
	catch (const Poco::Net::MessageException& e)
	{
		malformed = e.message().empty() ? e.displayText() : e.message();
	}
	catch (const Poco::SyntaxException&)
	{
		malformed = "the Content-Length header is not a number of bytes";
	}
	catch (const Poco::Exception&)
	{
		return false; // the connection failed: nobody to answer
	}
	refuseMalformed(malformed);
	closeGently();
	return false;
}


void HttpConnection::checkFraming(const Poco::Net::HTTPServerRequest& request)
{
	// Two lengths, or a coding POCO does not decode, can frame the body differently for a proxy in
	// front of the server than for the server: refused (RFC 9112 6.1, 6.3).
	// POCO takes whatever follows the URI for the version (even the next line's first word).
	if (request.getVersion() != Poco::Net::HTTPMessage::HTTP_1_1 && request.getVersion() != Poco::Net::HTTPMessage::HTTP_1_0)
		throw Poco::Net::MessageException("the request line must end with HTTP/1.1 or HTTP/1.0");
	const bool chunked = request.getChunkedTransferEncoding();
	if (request.has("Transfer-Encoding") && !chunked && Poco::icompare(request.get("Transfer-Encoding"), "identity") != 0)
		throw Poco::Net::MessageException("Transfer-Encoding must be chunked");
	if (chunked && request.hasContentLength())
		throw Poco::Net::MessageException("a request may not have both Transfer-Encoding and Content-Length");
	if (request.hasContentLength() && request.getContentLength64() < 0)
		throw Poco::Net::MessageException("the Content-Length header is not a number of bytes");
	int lengths = 0, codings = 0;
	for (const auto& [name, value]: request)
	{
		// POCO keeps "Transfer-Encoding " (space before the colon) as another name: a proxy may not.
		if (name.find_first_of(" \t\r") != std::string::npos)
			throw Poco::Net::MessageException("a header name may not contain whitespace ('" + name + "')");
		if (Poco::icompare(name, "Content-Length") == 0) ++lengths;
		if (Poco::icompare(name, "Transfer-Encoding") == 0) ++codings;
	}
	if (lengths > 1) throw Poco::Net::MessageException("a request may have only one Content-Length header");
	if (codings > 1) throw Poco::Net::MessageException("a request may have only one Transfer-Encoding header");
}


bool HttpConnection::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	response.setDate(Poco::Timestamp());
	response.setVersion(request.getVersion());
	// POCO 1.11's chunked decoder reads a chunk size that is not hex as the end of the body and leaves
	// trailers unread: after a chunked body the connection's framing cannot be trusted, so it closes.
	response.setKeepAlive(_shared.params->getKeepAlive() && request.getKeepAlive() && !request.getChunkedTransferEncoding() &&
		!_shared.stopping);
	// Tells clients how long an idle connection stays open (RFC 9110 7.6.1 names Keep-Alive; Node and
	// browsers read its timeout), so that they do not send on one the server is closing.
	if (response.getKeepAlive())
		response.set("Keep-Alive", "timeout=" + std::to_string(_shared.params->getKeepAliveTimeout().totalSeconds()));
	// 100 Continue only once the handler reads the body (see Response).
	if (request.getExpectContinue()) static_cast<Response&>(response).awaitContinue();
	GuardedRequestHandler handler(_shared.server);
	handler.handleRequest(request, response);
	return response.sent() && response.getKeepAlive() && !_shared.stopping;
}


bool HttpConnection::dropUnreadBody(Poco::Net::HTTPServerRequest& request)
{
	// Without Content-Length or chunked coding a request has no body (RFC 9112 6.3).
	if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return true;
	try
	{
		socket().setReceiveTimeout(UNREAD_BODY_TIMEOUT);
		const bool dropped = dropRest(request);
		socket().setReceiveTimeout(_shared.params->getTimeout());
		return dropped;
	}
	catch (const std::exception&)
	{
		return false;
	}
}


bool HttpConnection::dropRest(Poco::Net::HTTPServerRequest& request)
{
	std::istream& in = request.stream();
	// More than the limit left: cheaper to close than to read (unless the handler read it all).
	if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(UNREAD_BODY_LIMIT))
		return in.peek() == std::char_traits<char>::eof() && in.eof() && !in.bad();
	char sink[4096];
	std::size_t dropped = 0;
	while (dropped <= UNREAD_BODY_LIMIT && in.read(sink, sizeof(sink)).gcount() > 0) dropped += static_cast<std::size_t>(in.gcount());
	return in.eof() && !in.bad() && dropped <= UNREAD_BODY_LIMIT;
}


void HttpConnection::refuseMalformed(const std::string& problem)
{
	const std::string requestId = GuardedRequestHandler::newRequestId();
	telemetry::LogContext::Scope scope(requestId);
	const HttpError error = HttpError::badRequest("the request is not valid HTTP/1.1 (" + problem + ")");
	const std::string response = error.closingResponse(requestId);
	try
	{
		socket().sendBytes(response.data(), static_cast<int>(response.size()));
	}
	catch (const Poco::Exception&)
	{
		// The client is gone.
	}
	_shared.server.logger.information("malformed request 400: " + problem);
}


void HttpConnection::closeGently()
{
	// Closing a socket with unread bytes resets the connection, and the client may lose the
	// response it has not read yet: end our side, then read what still comes, briefly
	// (a bound of its own: the request's deadline may have passed).
	if (auto* impl = dynamic_cast<ReadAheadSocketImpl*>(socket().impl())) impl->setReceiveDeadline(std::nullopt);
	try
	{
		socket().shutdownSend();
		socket().setReceiveTimeout(UNREAD_BODY_TIMEOUT);
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
		char sink[8192];
		std::size_t read = 0;
		while (read < LINGER_LIMIT && std::chrono::steady_clock::now() < deadline)
		{
			const int n = socket().receiveBytes(sink, sizeof(sink));
			if (n <= 0) break;
			read += static_cast<std::size_t>(n);
		}
	}
	catch (const Poco::Exception&)
	{
		// The client is gone, or was too slow to say so.
	}
}


void HttpConnection::abortAll(Shared& shared)
{
	std::lock_guard<std::mutex> lock(shared.mutex);
	for (HttpConnection* connection: shared.active)
	{
		try
		{
			connection->socket().shutdown();
		}
		catch (const Poco::Exception&)
		{
		}
	}
}


} } // namespace polytomic::http
