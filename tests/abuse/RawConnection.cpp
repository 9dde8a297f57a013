//
// RawConnection.cpp
//


#include "RawConnection.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocketImpl.h"
#include "Poco/String.h"
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>


namespace polytomic {
namespace test {


namespace
{
	sockaddr_in loopback(const std::string& address, unsigned port)
	{
		sockaddr_in a{};
		a.sin_family = AF_INET;
		a.sin_port = htons(static_cast<std::uint16_t>(port));
		::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
		return a;
	}


	Poco::Net::StreamSocket connected(unsigned port, const std::string& from, int receiveBuffer)
	{
		const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) throw Poco::Net::NetException("socket() failed");
		Poco::Net::StreamSocket socket(new Poco::Net::StreamSocketImpl(fd));
		if (receiveBuffer > 0)
		{
			// Small segments too: the server sizes its send buffer from them (64 KiB on loopback otherwise).
			const int segment = 536;
			::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof(receiveBuffer));
			::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &segment, sizeof(segment));
		}
		const sockaddr_in local = loopback(from.empty() ? "127.0.0.1" : from, 0);
		const sockaddr_in server = loopback("127.0.0.1", port);
		if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0 ||
			::connect(fd, reinterpret_cast<const sockaddr*>(&server), sizeof(server)) != 0)
			throw Poco::Net::ConnectionRefusedException("cannot connect from " + from + " to port " + std::to_string(port) + ": errno " +
				std::to_string(errno));
		return socket;
	}
}


RawConnection::RawConnection(unsigned port, const std::string& from, int receiveBuffer):
	_socket(connected(port, from, receiveBuffer))
{
	_socket.setNoDelay(true);
}


std::size_t RawConnection::offer(const std::string& bytes)
{
	const ssize_t n = ::send(_socket.impl()->sockfd(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n >= 0) return static_cast<std::size_t>(n);
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
	throw Poco::Net::ConnectionResetException("the server closed the connection");
}


void RawConnection::send(const std::string& bytes)
{
	std::size_t sent = 0;
	while (sent < bytes.size()) sent += static_cast<std::size_t>(_socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
}


bool RawConnection::fill(std::chrono::steady_clock::time_point deadline)
{
	if (_closed) return false;
	const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
	if (left.count() <= 0 || !_socket.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ)) return false;
	char buffer[8192];
	int got = 0;
	try
	{
		got = _socket.receiveBytes(buffer, sizeof(buffer));
	}
	catch (const Poco::Exception&)
	{
		got = 0;  // reset: as good as closed
	}
	if (got <= 0)
	{
		_closed = true;
		return false;
	}
	_pending.append(buffer, static_cast<std::size_t>(got));
	return true;
}


RawConnection::Response RawConnection::receive(std::chrono::milliseconds timeout)
{
	const auto deadline = std::chrono::steady_clock::now() + timeout;
	Response response;
	std::size_t end;
	while ((end = _pending.find("\r\n\r\n")) == std::string::npos)
		if (!fill(deadline))
		{
			response.closed = _closed;
			return response;
		}
	std::istringstream head(_pending.substr(0, end));
	std::getline(head, response.statusLine);
	if (!response.statusLine.empty() && response.statusLine.back() == '\r') response.statusLine.pop_back();
	std::istringstream(response.statusLine.substr(response.statusLine.find(' ') + 1)) >> response.status;
	std::size_t length = 0;
	std::string line;
	while (std::getline(head, line))
	{
		const auto colon = line.find(':');
		if (colon != std::string::npos && Poco::icompare(line.substr(0, colon), "content-length") == 0)
			length = std::stoul(line.substr(colon + 1));
	}
	_pending.erase(0, end + 4);
	while (_pending.size() < length && fill(deadline)) {}
	response.body = _pending.substr(0, length);
	_pending.erase(0, std::min(length, _pending.size()));
	response.closed = _closed;
	return response;
}


} } // namespace polytomic::test
