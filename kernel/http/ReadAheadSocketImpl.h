//
// ReadAheadSocketImpl.h
//
// Definition of the ReadAheadSocketImpl class.
//


#ifndef Polytomic_Http_ReadAheadSocketImpl_INCLUDED
#define Polytomic_Http_ReadAheadSocketImpl_INCLUDED


#include "Poco/Net/StreamSocketImpl.h"
#include <chrono>
#include <mutex>
#include <optional>
#include <string>


namespace polytomic {
namespace http {


class ReadAheadSocketImpl: public Poco::Net::StreamSocketImpl
	/// An accepted connection's socket that can read ahead without blocking
	/// (RequestHeadReader collects a request head this way, off the pool) and
	/// gives what it read ahead to the next receiveBytes() before reading the
	/// socket again, so that POCO's HTTP session parses the head as usual.
	/// While a request is served, its receives can have a deadline (the whole
	/// body must arrive by then, however slowly each byte comes).
	///
	/// One thread uses the socket at a time (RequestHeadReader's, then a request
	/// thread, then RequestHeadReader's again), but the last reference to it can
	/// go on either: each of them calls letGo() before it drops its references,
	/// so that whichever destroys it does so after what the others did (see
	/// ~ReadAheadSocketImpl).
{
public:
	using Clock = std::chrono::steady_clock;

	ReadAheadSocketImpl(poco_socket_t sockfd, const std::string& client);
		/// Takes ownership of sockfd (a connected TCP socket); client: clientOf() its peer.

	static std::string clientOf(const void* peerAddress);
		/// The client a peer address (a sockaddr) belongs to, for limits per client: an IPv4
		/// address, or the /64 prefix of an IPv6 address (one host gets a whole /64).

	const std::string& client() const;

	using Poco::Net::StreamSocketImpl::receiveBytes;

	int receiveBytes(void* buffer, int length, int flags = 0) override;
		/// What was read ahead first, then the socket.

	int available() override;

	enum class ReadResult
	{
		MORE,   /// bytes were added (or none were waiting)
		FULL,   /// limit bytes are read ahead already
		CLOSED  /// the peer closed the connection, or it failed
	};

	ReadResult readAhead(std::size_t limit);
		/// Reads what has arrived, without waiting, until limit bytes are held.

	void putBack(const char* bytes, std::size_t length);
		/// Puts bytes read from this socket (by an HTTP session) in front of what is held.

	const std::string& ahead() const;
		/// The bytes read ahead and not yet received.

	bool headComplete() const;
		/// Whether ahead() holds a whole request head (up to its empty line).

	bool writable();
		/// Whether the socket's send buffer has room now: a client that does not read its
		/// responses fills it, and then no thread should start on its next request.

	void setReceiveDeadline(std::optional<Clock::time_point> deadline);
		/// After deadline, receiveBytes() throws Poco::TimeoutException instead of waiting.

	void letGo();
		/// Says that the calling thread is done with this socket: it touches it no more
		/// and is about to drop its references. Safe from any thread.

protected:
	~ReadAheadSocketImpl() override;

private:
	std::string _ahead;
	std::string _client;
	std::optional<Clock::time_point> _receiveDeadline;
	std::mutex _letGoMutex;
};


//
// inlines
//
inline const std::string& ReadAheadSocketImpl::ahead() const { return _ahead; }
inline const std::string& ReadAheadSocketImpl::client() const { return _client; }
inline void ReadAheadSocketImpl::setReceiveDeadline(std::optional<Clock::time_point> deadline) { _receiveDeadline = deadline; }


} } // namespace polytomic::http


#endif // Polytomic_Http_ReadAheadSocketImpl_INCLUDED
