//
// HttpConnection.h
//
// Definition of the HttpConnection class.
//


#ifndef Polytomic_Http_HttpConnection_INCLUDED
#define Polytomic_Http_HttpConnection_INCLUDED


#include "http/GuardedRequestHandler.h"
#include "http/ReadAheadSocketImpl.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerSession.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Net/TCPServerConnection.h"
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>


namespace polytomic {
namespace http {


class HttpConnection: public Poco::Net::TCPServerConnection
	/// Serves the request whose head RequestHeadReader has read, and the next
	/// ones of the connection while each head arrives at once (POCO's
	/// HTTPServerConnection, which keeps a pool thread for as long as a
	/// keep-alive connection lasts and answers malformed requests with an empty
	/// 400, does not run). After the response the rest of a body the handler did not
	/// read is read and dropped (within UNREAD_BODY_LIMIT) so that it cannot be
	/// taken for the next request; the connection then goes back to wait for
	/// that request, or is closed. A request POCO cannot parse gets the API's
	/// JSON 400 with a request id.
{
public:
	struct Shared
		/// What every connection of one server shares.
	{
		ServerContext& server;
		Poco::Net::HTTPServerParams::Ptr params;
		std::function<void(const Poco::Net::StreamSocket&)> keepAlive; /// takes a connection between two requests
		std::function<void(const std::string& client)> release;      /// a request connection of client left its thread
		std::chrono::milliseconds sendTimeout;                        /// for a write that makes no progress
		std::chrono::milliseconds bodyTimeout;                        /// for the rest of a request to arrive after its head
		std::atomic<bool> stopping{false};
		std::mutex mutex;
		std::set<HttpConnection*> active;
	};

	HttpConnection(const Poco::Net::StreamSocket& socket, Shared& shared, bool livenessOnly);
		/// livenessOnly: on the liveness probes' threads, which serve nothing else.
	~HttpConnection() override;
		/// Releases the client's share of the request threads and lets go of the socket
		/// (ReadAheadSocketImpl::letGo()).

	void run() override;

	static void abortAll(Shared& shared);
		/// Shuts down the socket of every connection being served (a handler still
		/// writing gets an error), as HTTPServer::stopAll(true) does.

	static constexpr int REQUESTS_IN_A_ROW = 100;
		/// Requests of one connection served in a row on one thread when each head arrives at once.

	static constexpr std::size_t UNREAD_BODY_LIMIT = 64 * 1024;
		/// The most of an unread body that is read to keep the connection; beyond, it is closed.

private:
	bool serveOne(ReadAheadSocketImpl& socket);
		/// Serves the request whose head has arrived; returns whether the connection stays open.
	bool nextHeadArrives(ReadAheadSocketImpl& socket);
		/// Whether the next request's head is complete now, or within a few milliseconds.
	bool serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
		/// Returns whether the connection can carry another request (as far as the response goes).
	bool dropUnreadBody(Poco::Net::HTTPServerRequest& request);
		/// Reads what is left of the body; false when that failed or was too much.
	bool dropRest(Poco::Net::HTTPServerRequest& request);
	void refuseMalformed(const std::string& problem);
	void closeGently();
		/// Ends the connection without resetting it while the client still sends (a body it
		/// was refused): reads and drops up to 1 MiB for up to 2 s first.
	static void checkFraming(const Poco::Net::HTTPServerRequest& request);
		/// Throws MessageException for an HTTP version other than 1.0 and 1.1, or a body length that cannot be trusted.

	Shared& _shared;
	bool _livenessOnly;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_HttpConnection_INCLUDED
