//
// MailSenderTest.cpp
//
// MailSender against a fake SMTP server on a loopback port: a real SMTP
// exchange over TCP, the message as the server received it.
//


#include "MailSenderTest.h"
#include "engine/MailSender.h"
#include "fakes/FakeSmtpServer.h"
#include "support/TestDriver.h"
#include "Poco/Net/NetException.h"
#include <cppunit/TestAssert.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <chrono>
#include <fcntl.h>
#include <vector>


using namespace polytomic;
using polytomic::test::FakeSmtpServer;


namespace
{
	engine::MailSettings plain(const FakeSmtpServer& server)
	{
		engine::MailSettings settings;
		settings.host = "127.0.0.1";
		settings.port = server.port();
		settings.from = "polytomic@example.com";
		settings.startTls = false;
		settings.timeoutSeconds = 5;
		return settings;
	}


	std::string refusal(const engine::MailSender& sender, const std::string& to)
		/// The error text of a send that must fail.
	{
		try
		{
			sender.send(to, "subject", "body");
		}
		catch (const Poco::Exception& e)
		{
			return e.displayText();
		}
		CPPUNIT_FAIL("the send to " + to + " should have been refused");
		return "";
	}
}


void MailSenderTest::testSendsOverSmtp()
{
	FakeSmtpServer server;
	engine::MailSettings settings = plain(server);
	settings.username = "mailer";
	settings.password = "s3cret pass";
	const std::string link = "http://polytomic.example.com/api/syncs/0b5c0f9e-1111-4222-8333-444455556666/executions/"
		"9d9c1d2e-7777-4888-9999-aaaabbbbcccc";
	engine::MailSender(settings).send("ops@example.com", "Polytomic: the model sync \"Users\" failed", "Error: boom\r\n" + link + "\r\n");
	const auto messages = server.messages();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), messages.size());
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic@example.com"), messages[0].from);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), messages[0].recipients.size());
	CPPUNIT_ASSERT_EQUAL(std::string("ops@example.com"), messages[0].recipients[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("Polytomic: the model sync \"Users\" failed"), messages[0].header("Subject"));
	CPPUNIT_ASSERT(messages[0].header("To").find("ops@example.com") != std::string::npos);
	// The link is longer than a quoted-printable line: it must come back whole once decoded.
	CPPUNIT_ASSERT_MESSAGE(messages[0].body(), messages[0].body().find(link) != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("mailer:s3cret pass"), server.authenticated());
	CPPUNIT_ASSERT_EQUAL(std::string("C: QUIT"), server.transcript()[server.transcript().size() - 2]);
}


void MailSenderTest::testRefusedRecipient()
{
	FakeSmtpServer server;
	server.refuseRecipient("gone@example.com");
	const engine::MailSender sender(plain(server));
	const std::string error = refusal(sender, "gone@example.com");
	CPPUNIT_ASSERT_MESSAGE(error, error.find("550") != std::string::npos);
	CPPUNIT_ASSERT(server.messages().empty());
	// The next message, to another address, goes through on a new session.
	sender.send("ops@example.com", "subject", "body");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.messages().size());
}


void MailSenderTest::testRefusedData()
{
	FakeSmtpServer server;
	server.refuseData(true);
	const std::string error = refusal(engine::MailSender(plain(server)), "ops@example.com");
	CPPUNIT_ASSERT_MESSAGE(error, error.find("451") != std::string::npos);
	CPPUNIT_ASSERT(server.messages().empty());
}


void MailSenderTest::testStartTlsRequired()
{
	FakeSmtpServer server;
	engine::MailSettings settings = plain(server);
	settings.startTls = true;
	settings.username = "mailer";
	settings.password = "never sent in clear";
	const std::string error = refusal(engine::MailSender(settings), "ops@example.com");
	CPPUNIT_ASSERT_MESSAGE(error, error.find("does not offer STARTTLS") != std::string::npos);
	CPPUNIT_ASSERT(server.authenticated().empty());
	CPPUNIT_ASSERT(server.messages().empty());
}


void MailSenderTest::testHeaderInjection()
{
	FakeSmtpServer server;
	engine::MailSender(plain(server)).send("ops@example.com", "sync \"a\r\nBcc: victim@example.com\" failed", "body");
	const auto messages = server.messages();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), messages.size());
	CPPUNIT_ASSERT_EQUAL(std::string(""), messages[0].header("Bcc"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), messages[0].recipients.size());
	CPPUNIT_ASSERT_EQUAL(std::string("sync \"a  Bcc: victim@example.com\" failed"), messages[0].header("Subject"));
	CPPUNIT_ASSERT_EQUAL(std::string("=?UTF-8?q?Caf=C3=A9?="), engine::MailSender::headerText("Caf\xC3\xA9"));
}


void MailSenderTest::testConnectTimesOut()
{
	// A mail server that never completes the TCP handshake: a listening socket whose backlog is full, so its
	// kernel drops further SYNs. Before, POCO's session connected in its constructor without a timeout (the
	// kernel's own, about two minutes, while a worker thread waited).
	const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in address{};
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t length = sizeof(address);
	CPPUNIT_ASSERT_EQUAL(0, ::bind(listener, reinterpret_cast<sockaddr*>(&address), length));
	CPPUNIT_ASSERT_EQUAL(0, ::listen(listener, 0));
	::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
	std::vector<int> fillers;
	for (int i = 0; i < 4; ++i)
	{
		fillers.push_back(::socket(AF_INET, SOCK_STREAM, 0));
		::fcntl(fillers.back(), F_SETFL, O_NONBLOCK);
		(void) ::connect(fillers.back(), reinterpret_cast<sockaddr*>(&address), sizeof(address));
	}
	engine::MailSettings settings;
	settings.host = "127.0.0.1";
	settings.port = ntohs(address.sin_port);
	settings.from = "polytomic@example.com";
	settings.startTls = false;
	settings.timeoutSeconds = 1;
	const auto started = std::chrono::steady_clock::now();
	const std::string error = refusal(engine::MailSender(settings), "ops@example.com");
	const auto waited = std::chrono::steady_clock::now() - started;
	for (int fd: fillers) ::close(fd);
	::close(listener);
	CPPUNIT_ASSERT_MESSAGE(error, waited < std::chrono::seconds(5));
	CPPUNIT_ASSERT_MESSAGE(error, error.find("imeout") != std::string::npos || error.find("timed out") != std::string::npos);
}


CppUnit::Test* MailSenderTest::suite()
{
	auto* suite = new CppUnit::TestSuite("MailSenderTest");
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testSendsOverSmtp);
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testRefusedRecipient);
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testRefusedData);
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testStartTlsRequired);
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testConnectTimesOut);
	POLYTOMIC_ADD_TEST(suite, MailSenderTest, testHeaderInjection);
	return suite;
}
