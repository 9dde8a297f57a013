//
// MailSender.h
//
// Definition of the MailSender class.
//


#ifndef Polytomic_Engine_MailSender_INCLUDED
#define Polytomic_Engine_MailSender_INCLUDED


#include <string>


namespace polytomic {
namespace engine {


struct MailSettings
	/// The SMTP server that mail goes through (SMTP_* settings).
{
	std::string host;
	unsigned port = 587;
	std::string username;   /// empty: no AUTH
	std::string password;
	std::string from;
	bool startTls = true;   /// STARTTLS before AUTH and the message; a server without it is refused
	int timeoutSeconds = 20;   /// to connect, and for each reply
};


class MailSender
	/// Sends one plain-text email over SMTP (RFC 5321) with POCO's
	/// SMTPClientSession: EHLO, STARTTLS when configured (RFC 3207), AUTH LOGIN
	/// when a user is set, then the message. Connecting, and each reply, waits
	/// at most MailSettings::timeoutSeconds.
{
public:
	explicit MailSender(MailSettings settings);

	void send(const std::string& to, const std::string& subject, const std::string& body) const;
		/// Throws Poco::Net::SMTPException carrying the server's reply when it
		/// answers 4xx or 5xx, Poco::Net::NetException when it cannot be reached.

	const MailSettings& settings() const { return _settings; }

	static std::string headerText(const std::string& text);
		/// The text without control characters (no CR or LF can end a header
		/// early), RFC 2047-encoded when it is not ASCII.

private:
	MailSettings _settings;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_MailSender_INCLUDED
