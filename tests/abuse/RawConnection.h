//
// RawConnection.h
//
// Definition of the RawConnection class.
//


#ifndef Polytomic_Test_RawConnection_INCLUDED
#define Polytomic_Test_RawConnection_INCLUDED


#include "Poco/Net/StreamSocket.h"
#include <chrono>
#include <string>


namespace polytomic {
namespace test {


class RawConnection
	/// One TCP connection to the server on which a test writes bytes exactly as
	/// it wants (partial headers, lying lengths, several requests back to back)
	/// and reads the responses one by one.
{
public:
	explicit RawConnection(unsigned port, const std::string& from = "", int receiveBuffer = 0);
		/// from: the local address to connect from ("127.0.0.2": another client address than
		/// the other cases'); receiveBuffer: SO_RCVBUF in bytes, set before connecting, with
		/// 536-byte segments (0: the defaults); a small one makes the server's writes stall soon.

	void send(const std::string& bytes);
		/// Throws Poco::Exception when the server closed or reset the connection.

	std::size_t offer(const std::string& bytes);
		/// Sends what the connection takes now without waiting; returns how many bytes that
		/// was (0 while the server reads nothing). Throws Poco::Exception when it was closed.

	struct Response
	{
		int status = 0;          /// 0: no response (closed, reset or timed out)
		std::string statusLine;
		std::string body;
		bool closed = false;     /// the server closed the connection (before or after this response)
	};

	Response receive(std::chrono::milliseconds timeout);
		/// The next response (headers and a Content-Length body).

private:
	bool fill(std::chrono::steady_clock::time_point deadline);

	Poco::Net::StreamSocket _socket;
	std::string _pending;
	bool _closed = false;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_RawConnection_INCLUDED
