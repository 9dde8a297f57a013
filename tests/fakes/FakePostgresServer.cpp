//
// FakePostgresServer.cpp
//


#include "fakes/FakePostgresServer.h"
#include "Poco/Net/NetException.h"
#include "Poco/Timespan.h"
#include <cstdint>


namespace polytomic {
namespace test {


namespace
{
	const uint32_t SSL_REQUEST = 80877103;
	const uint32_t GSSENC_REQUEST = 80877104;
	const uint32_t MAX_MESSAGE = 65536;


	void receive(Poco::Net::StreamSocket& socket, char* into, std::size_t size)
	{
		std::size_t got = 0;
		while (got < size)
		{
			const int n = socket.receiveBytes(into + got, static_cast<int>(size - got));
			if (n <= 0) throw Poco::Net::NetException("the client left");
			got += static_cast<std::size_t>(n);
		}
	}


	uint32_t receiveInt(Poco::Net::StreamSocket& socket)
	{
		unsigned char b[4];
		receive(socket, reinterpret_cast<char*>(b), 4);
		return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
	}


	std::string receiveBody(Poco::Net::StreamSocket& socket, uint32_t length)
		/// The rest of a message whose length (itself included) is length.
	{
		if (length < 4 || length > MAX_MESSAGE) throw Poco::Net::NetException("not a PostgreSQL message");
		std::string body(length - 4, '\0');
		if (!body.empty()) receive(socket, &body[0], body.size());
		return body;
	}


	void sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes)
	{
		socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
	}


	std::string message(char type, const std::string& body)
	{
		const uint32_t length = static_cast<uint32_t>(body.size() + 4);
		std::string out(1, type);
		for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xff);
		return out + body;
	}


	std::string parameter(const std::string& startup, const std::string& name)
		/// A value of the startup message's name\0value\0 pairs.
	{
		std::size_t pos = 4;
		while (pos < startup.size() && startup[pos] != '\0')
		{
			const std::string key = startup.c_str() + pos;
			pos += key.size() + 1;
			const std::string value = pos < startup.size() ? startup.c_str() + pos : "";
			pos += value.size() + 1;
			if (key == name) return value;
		}
		return "";
	}
}


FakePostgresServer::FakePostgresServer():
	_socket(Poco::Net::SocketAddress("127.0.0.1", 0))
{
	_thread = std::thread([this] { serve(); });
}


FakePostgresServer::~FakePostgresServer()
{
	_stopping = true;
	_thread.join();
	_socket.close();
}


unsigned FakePostgresServer::port() const
{
	return _socket.address().port();
}


std::size_t FakePostgresServer::connections() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _connections;
}


std::vector<FakePostgresServer::Login> FakePostgresServer::logins() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _logins;
}


bool FakePostgresServer::waitForLogins(std::size_t count, std::chrono::milliseconds timeout) const
{
	std::unique_lock<std::mutex> lock(_mutex);
	return _changed.wait_for(lock, timeout, [&] { return _logins.size() >= count; });
}


void FakePostgresServer::serve()
{
	while (!_stopping)
	{
		if (!_socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
		Poco::Net::StreamSocket client = _socket.acceptConnection();
		{
			std::lock_guard<std::mutex> lock(_mutex);
			++_connections;
		}
		client.setReceiveTimeout(Poco::Timespan(5, 0));
		try
		{
			answer(client);
		}
		catch (const Poco::Exception&)
		{
			// A client that leaves half-way is still counted as a connection.
		}
	}
}


void FakePostgresServer::answer(Poco::Net::StreamSocket& client)
{
	std::string startup;
	while (true)
	{
		startup = receiveBody(client, receiveInt(client));
		if (startup.size() < 4) throw Poco::Net::NetException("not a startup message");
		const uint32_t code = (uint32_t(uint8_t(startup[0])) << 24) | (uint32_t(uint8_t(startup[1])) << 16) |
			(uint32_t(uint8_t(startup[2])) << 8) | uint32_t(uint8_t(startup[3]));
		if (code != SSL_REQUEST && code != GSSENC_REQUEST) break;
		sendAll(client, "N");
	}
	Login login{parameter(startup, "user"), parameter(startup, "database"), ""};
	const auto recordLogin = [&] {
		std::lock_guard<std::mutex> lock(_mutex);
		_logins.push_back(login);
		_changed.notify_all();
	};
	// AuthenticationCleartextPassword: what a server that wants the password itself asks.
	sendAll(client, message('R', std::string("\0\0\0\3", 4)));
	try
	{
		char type = 0;
		receive(client, &type, 1);
		const std::string body = receiveBody(client, receiveInt(client));
		if (type == 'p') login.password = body.c_str();
	}
	catch (const Poco::Exception&)
	{
		recordLogin();
		throw;
	}
	recordLogin();
	const auto field = [](char code, const std::string& text) { return std::string(1, code) + text + std::string(1, '\0'); };
	sendAll(client, message('E', field('S', "FATAL") + field('C', "28P01") +
		field('M', "password authentication failed for user \"" + login.user + "\"") + std::string(1, '\0')));
}


} } // namespace polytomic::test
