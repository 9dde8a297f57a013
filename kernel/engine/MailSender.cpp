//
// MailSender.cpp
//


#include "engine/MailSender.h"
#include "plugins/HttpClient.h"
#include "Poco/Net/MailMessage.h"
#include "Poco/Net/MailRecipient.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SecureStreamSocket.h"
#include "Poco/Net/SMTPClientSession.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"


namespace polytomic {
namespace engine {


namespace
{
	class MailSession: public Poco::Net::SMTPClientSession
		/// An SMTP session on a socket connected beforehand (POCO's own sessions
		/// connect in their constructor, without a timeout), whose STARTTLS
		/// checks the certificate against the host name (POCO's, on such a
		/// socket, has no host name to check it against).
	{
	public:
		MailSession(const Poco::Net::StreamSocket& socket, const std::string& host):
			Poco::Net::SMTPClientSession(socket),
			_host(host)
		{
		}

		bool startTLS(Poco::Net::Context::Ptr context)
		{
			std::string response;
			if (!isPositiveCompletion(sendCommand("STARTTLS", response))) return false;
			socket() = Poco::Net::SecureStreamSocket::attach(socket(), _host, context);
			return true;
		}

	private:
		std::string _host;
	};
}


MailSender::MailSender(MailSettings settings):
	_settings(std::move(settings))
{
}


std::string MailSender::headerText(const std::string& text)
{
	std::string clean;
	bool ascii = true;
	for (unsigned char c: text)
	{
		if (c < 0x20 || c == 0x7f) c = ' ';
		if (c >= 0x80) ascii = false;
		clean += static_cast<char>(c);
	}
	return ascii ? clean : Poco::Net::MailMessage::encodeWord(clean);
}


void MailSender::send(const std::string& to, const std::string& subject, const std::string& body) const
{
	Poco::Net::MailMessage message;
	message.setSender(_settings.from);
	message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to));
	message.setSubject(headerText(subject));
	message.setContentType("text/plain; charset=UTF-8");
	message.setContent(body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);

	const Poco::Timespan timeout(_settings.timeoutSeconds, 0);
	Poco::Net::StreamSocket socket;
	socket.connect(Poco::Net::SocketAddress(_settings.host, static_cast<Poco::UInt16>(_settings.port)), timeout);
	MailSession session(socket, _settings.host);
	session.setTimeout(timeout);
	try
	{
		session.login();
		// After STARTTLS the client starts afresh with EHLO (RFC 3207, 4.2).
		if (_settings.startTls && !session.startTLS(plugins::clientTlsContext()))
			throw Poco::Net::SMTPException("the mail server " + _settings.host + " does not offer STARTTLS (set SMTP_TLS=none to send without it)");
		if (!_settings.username.empty())
			session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, _settings.username, _settings.password);
		else if (_settings.startTls)
			session.login();
		session.sendMessage(message);
		session.close();
	}
	catch (...)
	{
		try { session.close(); } catch (...) { }
		throw;
	}
}


} } // namespace polytomic::engine
