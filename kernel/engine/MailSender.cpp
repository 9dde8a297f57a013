//
// MailSender.cpp
//


#include "engine/MailSender.h"
#include "plugins/HttpClient.h"
#include "Poco/Net/MailMessage.h"
#include "Poco/Net/MailRecipient.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SecureSMTPClientSession.h"


namespace polytomic {
namespace engine {


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

	Poco::Net::SecureSMTPClientSession session(_settings.host, static_cast<Poco::UInt16>(_settings.port));
	session.setTimeout(Poco::Timespan(_settings.timeoutSeconds, 0));
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
