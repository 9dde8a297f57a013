//
// ReadAheadSocketImpl.h
//
// Definition of the ReadAheadSocketImpl class.
//


#ifndef Polytomic_Http_ReadAheadSocketImpl_INCLUDED
#define Polytomic_Http_ReadAheadSocketImpl_INCLUDED


#include "Poco/Net/StreamSocketImpl.h"
#include <string>


namespace polytomic {
namespace http {


class ReadAheadSocketImpl: public Poco::Net::StreamSocketImpl
	/// An accepted connection's socket that can read ahead without blocking
	/// (RequestHeadReader collects a request head this way, off the pool) and
	/// gives what it read ahead to the next receiveBytes() before reading the
	/// socket again, so that POCO's HTTP session parses the head as usual.
{
public:
	explicit ReadAheadSocketImpl(poco_socket_t sockfd);
		/// Takes ownership of sockfd (a connected TCP socket).

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

protected:
	~ReadAheadSocketImpl() override;

private:
	std::string _ahead;
};


//
// inlines
//
inline const std::string& ReadAheadSocketImpl::ahead() const { return _ahead; }


} } // namespace polytomic::http


#endif // Polytomic_Http_ReadAheadSocketImpl_INCLUDED
