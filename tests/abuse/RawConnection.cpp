//
// RawConnection.cpp
//


#include "RawConnection.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/String.h"
#include <sstream>


namespace polytomic {
namespace test {


RawConnection::RawConnection(unsigned port)
{
	_socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
	_socket.setNoDelay(true);
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
