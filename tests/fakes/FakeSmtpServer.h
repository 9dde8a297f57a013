//
// FakeSmtpServer.h
//
// Definition of the FakeSmtpServer class.
//


#ifndef Polytomic_Test_FakeSmtpServer_INCLUDED
#define Polytomic_Test_FakeSmtpServer_INCLUDED


#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/StreamSocket.h"
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>


namespace polytomic {
namespace test {


class FakeSmtpServer
	/// A mail server on a loopback port speaking SMTP as RFC 5321 specifies it
	/// (https://www.rfc-editor.org/rfc/rfc5321): a 220 greeting; EHLO (a
	/// multi-line 250 naming AUTH LOGIN) or HELO; AUTH LOGIN (RFC 4954, its
	/// 334 challenges); MAIL FROM:<...>, RCPT TO:<...>, DATA (354, the message
	/// up to a line holding only ".", dot-stuffing undone, 4.5.2); RSET, NOOP,
	/// QUIT (221). Commands out of sequence get 503 (4.3.2), unknown ones 500,
	/// command lines over 512 octets 500 (4.5.3.1.4). It can refuse: a
	/// recipient with 550 (5.1.1, permanent) or a message's DATA with 451
	/// (temporary), as a real server does. No STARTTLS: use SMTP_TLS=none.
{
public:
	struct Message
	{
		std::string from;                    /// the MAIL FROM address
		std::vector<std::string> recipients; /// the RCPT TO addresses accepted
		std::string data;                    /// headers and body as sent, CRLF line ends

		std::string header(const std::string& name) const;
			/// The first header of that name (case-insensitive), unfolded; "" when absent.
		std::string body() const;
			/// The body, quoted-printable decoded when it says it is.
	};

	FakeSmtpServer();
	~FakeSmtpServer();

	unsigned port() const;

	void refuseRecipient(const std::string& address);
		/// RCPT TO that address answers 550 5.1.1.
	void refuseData(bool refuse);
		/// The end of DATA answers 451 4.3.0 (the message is not accepted).

	std::vector<Message> messages() const;
		/// Every message accepted, in order.
	std::vector<std::string> transcript() const;
		/// Every command line received ("C: ...") and reply sent ("S: ..."), AUTH secrets included.
	std::string authenticated() const;
		/// "user:password" of the last AUTH LOGIN; "" when none.

	bool waitForMessages(std::size_t count, int milliseconds) const;

private:
	void serve();
	void converse(Poco::Net::StreamSocket& socket);

	Poco::Net::ServerSocket _socket;
	std::thread _thread;
	std::atomic<bool> _stopping{false};
	mutable std::mutex _mutex;
	std::vector<Message> _messages;
	std::vector<std::string> _transcript;
	std::set<std::string> _refusedRecipients;
	bool _refuseData = false;
	std::string _authenticated;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeSmtpServer_INCLUDED
