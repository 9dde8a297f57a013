//
// FakeSmtpServer.cpp
//


#include "fakes/FakeSmtpServer.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/QuotedPrintableDecoder.h"
#include "Poco/String.h"
#include <chrono>
#include <sstream>


namespace polytomic {
namespace test {


namespace
{
	const std::size_t MAX_COMMAND = 512;


	class Lines
		/// CRLF-terminated lines from a socket.
	{
	public:
		explicit Lines(Poco::Net::StreamSocket& socket): _socket(socket) {}

		bool next(std::string& line)
		{
			while (true)
			{
				const std::size_t end = _buffer.find("\r\n");
				if (end != std::string::npos)
				{
					line = _buffer.substr(0, end);
					_buffer.erase(0, end + 2);
					return true;
				}
				char chunk[4096];
				int n = 0;
				try
				{
					n = _socket.receiveBytes(chunk, sizeof(chunk));
				}
				catch (const Poco::Exception&)
				{
					return false;
				}
				if (n <= 0) return false;
				_buffer.append(chunk, static_cast<std::size_t>(n));
			}
		}

	private:
		Poco::Net::StreamSocket& _socket;
		std::string _buffer;
	};


	std::string decodeBase64(const std::string& text)
	{
		std::istringstream in(text);
		Poco::Base64Decoder decoder(in);
		return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
	}


	std::string pathOf(const std::string& argument)
		/// The address of "<address> [parameters]".
	{
		const std::size_t open = argument.find('<'), close = argument.find('>');
		if (open == std::string::npos || close == std::string::npos || close < open) return "";
		return argument.substr(open + 1, close - open - 1);
	}
}


std::string FakeSmtpServer::Message::header(const std::string& name) const
{
	std::istringstream in(data);
	std::string line, value;
	bool inside = false;
	while (std::getline(in, line))
	{
		if (!line.empty() && line.back() == '\r') line.pop_back();
		if (line.empty()) break;
		if (inside && (line[0] == ' ' || line[0] == '\t'))
		{
			value += line;
			continue;
		}
		if (inside) return value;
		const std::size_t colon = line.find(':');
		if (colon != std::string::npos && Poco::icompare(line.substr(0, colon), name) == 0)
		{
			inside = true;
			value = Poco::trim(line.substr(colon + 1));
		}
	}
	return value;
}


std::string FakeSmtpServer::Message::body() const
{
	const std::size_t start = data.find("\r\n\r\n");
	const std::string raw = start == std::string::npos ? "" : data.substr(start + 4);
	if (Poco::icompare(header("Content-Transfer-Encoding"), "quoted-printable") != 0) return raw;
	std::istringstream in(raw);
	Poco::Net::QuotedPrintableDecoder decoder(in);
	return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}


FakeSmtpServer::FakeSmtpServer():
	_socket(Poco::Net::SocketAddress("127.0.0.1", 0))
{
	_thread = std::thread([this] { serve(); });
}


FakeSmtpServer::~FakeSmtpServer()
{
	_stopping = true;
	_socket.close();
	if (_thread.joinable()) _thread.join();
}


unsigned FakeSmtpServer::port() const
{
	return _socket.address().port();
}


void FakeSmtpServer::refuseRecipient(const std::string& address)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refusedRecipients.insert(Poco::toLower(address));
}


void FakeSmtpServer::refuseData(bool refuse)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refuseData = refuse;
}


std::vector<FakeSmtpServer::Message> FakeSmtpServer::messages() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _messages;
}


std::vector<std::string> FakeSmtpServer::transcript() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _transcript;
}


std::string FakeSmtpServer::authenticated() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _authenticated;
}


bool FakeSmtpServer::waitForMessages(std::size_t count, int milliseconds) const
{
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
	while (std::chrono::steady_clock::now() < deadline)
	{
		if (messages().size() >= count) return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	}
	return messages().size() >= count;
}


void FakeSmtpServer::serve()
{
	while (!_stopping)
	{
		try
		{
			if (!_socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
			Poco::Net::StreamSocket client = _socket.acceptConnection();
			client.setReceiveTimeout(Poco::Timespan(10, 0));
			converse(client);
			client.close();
		}
		catch (const Poco::Exception&)
		{
			if (_stopping) return;
		}
	}
}


void FakeSmtpServer::converse(Poco::Net::StreamSocket& socket)
{
	const auto reply = [&](const std::string& text) {
		{
			std::lock_guard<std::mutex> lock(_mutex);
			_transcript.push_back("S: " + text);
		}
		const std::string line = text + "\r\n";
		socket.sendBytes(line.data(), static_cast<int>(line.size()));
	};
	reply("220 fake-smtp.test ESMTP ready");
	Lines lines(socket);
	bool greeted = false;
	Message message;
	std::string line;
	while (lines.next(line))
	{
		{
			std::lock_guard<std::mutex> lock(_mutex);
			_transcript.push_back("C: " + line);
		}
		if (line.size() + 2 > MAX_COMMAND)
		{
			reply("500 5.5.2 line too long");
			continue;
		}
		const std::string verb = Poco::toUpper(line.substr(0, line.find(' ')));
		const std::string argument = line.find(' ') == std::string::npos ? "" : Poco::trim(line.substr(line.find(' ') + 1));
		if (verb == "EHLO")
		{
			greeted = true;
			message = Message();
			reply("250-fake-smtp.test greets " + argument);
			reply("250-8BITMIME");
			reply("250 AUTH LOGIN");
		}
		else if (verb == "HELO")
		{
			greeted = true;
			message = Message();
			reply("250 fake-smtp.test");
		}
		else if (verb == "AUTH" && Poco::toUpper(argument) == "LOGIN")
		{
			reply("334 VXNlcm5hbWU6");
			std::string user, password;
			if (!lines.next(user)) return;
			reply("334 UGFzc3dvcmQ6");
			if (!lines.next(password)) return;
			{
				std::lock_guard<std::mutex> lock(_mutex);
				_authenticated = decodeBase64(user) + ":" + decodeBase64(password);
			}
			reply("235 2.7.0 authentication succeeded");
		}
		else if (verb == "MAIL")
		{
			if (!greeted) reply("503 5.5.1 send EHLO or HELO first");
			else if (Poco::toUpper(argument).rfind("FROM:", 0) != 0) reply("501 5.5.4 syntax: MAIL FROM:<address>");
			else
			{
				message = Message();
				message.from = pathOf(argument);
				reply("250 2.1.0 ok");
			}
		}
		else if (verb == "RCPT")
		{
			const std::string to = pathOf(argument);
			bool refused = false;
			{
				std::lock_guard<std::mutex> lock(_mutex);
				refused = _refusedRecipients.count(Poco::toLower(to)) > 0;
			}
			if (message.from.empty()) reply("503 5.5.1 MAIL first");
			else if (Poco::toUpper(argument).rfind("TO:", 0) != 0 || to.empty()) reply("501 5.5.4 syntax: RCPT TO:<address>");
			else if (refused) reply("550 5.1.1 <" + to + ">: mailbox unavailable");
			else
			{
				message.recipients.push_back(to);
				reply("250 2.1.5 ok");
			}
		}
		else if (verb == "DATA")
		{
			if (message.recipients.empty())
			{
				reply("503 5.5.1 no valid recipients");
				continue;
			}
			reply("354 end data with <CR><LF>.<CR><LF>");
			std::string data, text;
			while (lines.next(text) && text != ".")
				data += (text.rfind(".", 0) == 0 ? text.substr(1) : text) + "\r\n";
			bool refuse = false;
			{
				std::lock_guard<std::mutex> lock(_mutex);
				refuse = _refuseData;
			}
			if (refuse) reply("451 4.3.0 mailbox temporarily unavailable, try again later");
			else
			{
				message.data = data;
				{
					std::lock_guard<std::mutex> lock(_mutex);
					_messages.push_back(message);
				}
				reply("250 2.0.0 queued");
			}
			message = Message();
		}
		else if (verb == "RSET")
		{
			message = Message();
			reply("250 2.0.0 ok");
		}
		else if (verb == "NOOP") reply("250 2.0.0 ok");
		else if (verb == "QUIT")
		{
			reply("221 2.0.0 bye");
			return;
		}
		else reply("500 5.5.2 command not recognized");
	}
}


} } // namespace polytomic::test
