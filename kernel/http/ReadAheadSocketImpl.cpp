//
// ReadAheadSocketImpl.cpp
//


#include "http/ReadAheadSocketImpl.h"
#include "Poco/Exception.h"
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>


namespace polytomic {
namespace http {


ReadAheadSocketImpl::ReadAheadSocketImpl(poco_socket_t sockfd, const std::string& client):
	Poco::Net::StreamSocketImpl(sockfd),
	_client(client)
{
}


std::string ReadAheadSocketImpl::clientOf(const void* peerAddress)
{
	const auto* address = static_cast<const sockaddr*>(peerAddress);
	char text[INET6_ADDRSTRLEN] = "";
	if (address->sa_family == AF_INET)
	{
		::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof(text));
		return text;
	}
	if (address->sa_family != AF_INET6) return "";
	in6_addr v6 = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
	if (IN6_IS_ADDR_V4MAPPED(&v6))
	{
		::inet_ntop(AF_INET, &v6.s6_addr[12], text, sizeof(text));
		return text;
	}
	std::memset(&v6.s6_addr[8], 0, 8);
	::inet_ntop(AF_INET6, &v6, text, sizeof(text));
	return std::string(text) + "/64";
}


ReadAheadSocketImpl::~ReadAheadSocketImpl()
{
	// The thread that drops the last reference destroys the socket: RequestHeadReader's
	// (a request thread that served it and closed it finished before the reader dropped
	// its entry) or a request thread's (the reader closed a connection given back to it
	// while the request thread still held it). POCO's reference count is a std::atomic,
	// so the other thread's reads happen before this already; but the count changes
	// inside libPocoNet (Socket::~Socket), which ThreadSanitizer does not see, and it
	// reported those reads as racing with this destruction. letGo() says the same in
	// our own code: every thread that used the socket passed this mutex before it
	// dropped its reference, which is before the last one went.
	std::lock_guard<std::mutex> lock(_letGoMutex);
}


void ReadAheadSocketImpl::letGo()
{
	std::lock_guard<std::mutex> lock(_letGoMutex);
}


int ReadAheadSocketImpl::receiveBytes(void* buffer, int length, int flags)
{
	if (_ahead.empty() && _receiveDeadline && length > 0)
	{
		const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*_receiveDeadline - Clock::now()).count();
		pollfd fd{sockfd(), POLLIN, 0};
		if (left <= 0 || ::poll(&fd, 1, static_cast<int>(left)) == 0) throw Poco::TimeoutException("the request did not arrive whole in time");
	}
	if (_ahead.empty() || length <= 0) return Poco::Net::StreamSocketImpl::receiveBytes(buffer, length, flags);
	const std::size_t n = std::min(_ahead.size(), static_cast<std::size_t>(length));
	std::memcpy(buffer, _ahead.data(), n);
	if (!(flags & MSG_PEEK)) _ahead.erase(0, n);
	return static_cast<int>(n);
}


int ReadAheadSocketImpl::available()
{
	return static_cast<int>(_ahead.size()) + Poco::Net::StreamSocketImpl::available();
}


ReadAheadSocketImpl::ReadResult ReadAheadSocketImpl::readAhead(std::size_t limit)
{
	char buffer[4096];
	while (_ahead.size() < limit)
	{
		const std::size_t wanted = std::min(sizeof(buffer), limit - _ahead.size());
		const ssize_t n = ::recv(sockfd(), buffer, wanted, MSG_DONTWAIT);
		if (n > 0)
		{
			_ahead.append(buffer, static_cast<std::size_t>(n));
			// A short read emptied the socket's buffer: asking again would only say so.
			if (static_cast<std::size_t>(n) < wanted) return _ahead.size() < limit ? ReadResult::MORE : ReadResult::FULL;
			continue;
		}
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::MORE;
		return ReadResult::CLOSED;
	}
	return ReadResult::FULL;
}


void ReadAheadSocketImpl::putBack(const char* bytes, std::size_t length)
{
	_ahead.insert(0, bytes, length);
}


bool ReadAheadSocketImpl::writable()
{
	pollfd fd{sockfd(), POLLOUT, 0};
	return ::poll(&fd, 1, 0) == 1 && (fd.revents & POLLOUT);
}


bool ReadAheadSocketImpl::headComplete() const
{
	// Empty lines before the request line are skipped by the parser (RFC 9112 2.2); lines end in LF or CRLF.
	const std::size_t start = _ahead.find_first_not_of("\r\n");
	if (start == std::string::npos) return false;
	for (std::size_t lf = _ahead.find('\n', start); lf != std::string::npos; lf = _ahead.find('\n', lf + 1))
	{
		const std::size_t next = lf + 1;
		if (next < _ahead.size() && _ahead[next] == '\n') return true;
		if (next + 1 < _ahead.size() && _ahead[next] == '\r' && _ahead[next + 1] == '\n') return true;
	}
	return false;
}


} } // namespace polytomic::http
