//
// ErrorNotificationsTest.cpp
//
// Global error subscribers in a real PostgreSQL, and the emails a failed run
// sends them through a fake SMTP server over TCP.
//


#include "ErrorNotificationsTest.h"
#include "engine/EngineError.h"
#include "engine/ErrorNotifications.h"
#include "fakes/FakeSmtpServer.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "support/CapturedLog.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::test::FakeSmtpServer;
using polytomic::test::TestDatabase;


namespace
{
	struct Organization
		/// A migrated database with one organization.
	{
		explicit Organization(const std::string& prefix):
			db(prefix),
			database(config::DatabaseUrl::parse(db.url()), 2),
			repository((store::Migrator(database, store::Migration::embedded()).migrate(), database))
		{
			store::OrganizationRepository(database).createFirstOrganization("acme", "root@acme.com");
			id = db.scalar("SELECT id FROM organizations");
		}

		TestDatabase db;
		store::Database database;
		store::NotificationRepository repository;
		std::string id;
	};


	engine::MailSettings mailTo(const FakeSmtpServer& server)
	{
		engine::MailSettings settings;
		settings.host = "127.0.0.1";
		settings.port = server.port();
		settings.from = "polytomic@acme.com";
		settings.startTls = false;
		settings.timeoutSeconds = 5;
		return settings;
	}


	json::Value syncFailed()
	{
		return json::Value::parse(R"({"execution_id": "9d9c1d2e-7777-4888-9999-aaaabbbbcccc", "sync_id": "0b5c0f9e-1111-4222-8333-444455556666",
			"sync_name": "Users to CRM", "status": "failed", "trigger": "manual", "error": "relation \"crm\" does not exist"})");
	}
}


void ErrorNotificationsTest::testSubscribersReplaced()
{
	Organization org("notifyreplace");
	engine::ErrorNotifications notifications(org.repository, std::nullopt, "http://localhost:5100");
	CPPUNIT_ASSERT(notifications.subscribers(org.id).empty());
	auto stored = notifications.replaceSubscribers(org.id, json::Value::parse(R"(["Ops@Acme.com", "data@acme.com", "ops@acme.com"])"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), stored.size());
	CPPUNIT_ASSERT_EQUAL(std::string("data@acme.com"), stored[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("ops@acme.com"), stored[1]);
	// PUT replaces: the list is exactly the new one.
	stored = notifications.replaceSubscribers(org.id, json::Value::parse(R"(["new@acme.com"])"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), stored.size());
	CPPUNIT_ASSERT_EQUAL(std::string("new@acme.com"), org.db.scalar("SELECT string_agg(email, ',') FROM global_error_subscribers"));
	notifications.replaceSubscribers(org.id, json::Value::array());
	CPPUNIT_ASSERT_EQUAL(std::string("0"), org.db.scalar("SELECT count(*) FROM global_error_subscribers"));
}


void ErrorNotificationsTest::testInvalidSubscribers()
{
	Organization org("notifyinvalid");
	engine::ErrorNotifications notifications(org.repository, std::nullopt, "http://localhost:5100");
	notifications.replaceSubscribers(org.id, json::Value::parse(R"(["kept@acme.com"])"));
	for (const std::string body: {R"(["no-at-sign"])", R"(["a@b.com\r\nBcc: x@y.com"])", R"(["two@@acme.com"])", R"([5])",
		R"(["Name <x@acme.com>"])", R"("ops@acme.com")"})
	{
		try
		{
			notifications.replaceSubscribers(org.id, json::Value::parse(body));
			CPPUNIT_FAIL("accepted " + body);
		}
		catch (const engine::ValidationError& e)
		{
			CPPUNIT_ASSERT_MESSAGE(body, !e.fields().empty());
		}
	}
	json::Value many = json::Value::array();
	for (std::size_t i = 0; i <= engine::ErrorNotifications::MAX_SUBSCRIBERS; ++i) many.push("u" + std::to_string(i) + "@acme.com");
	CPPUNIT_ASSERT_THROW(notifications.replaceSubscribers(org.id, many), engine::ValidationError);
	// A refused list changes nothing.
	CPPUNIT_ASSERT_EQUAL(std::string("kept@acme.com"), org.db.scalar("SELECT string_agg(email, ',') FROM global_error_subscribers"));
}


void ErrorNotificationsTest::testFailedRunsEmailEachSubscriber()
{
	Organization org("notifysend");
	FakeSmtpServer smtp;
	engine::ErrorNotifications notifications(org.repository, mailTo(smtp), "https://polytomic.acme.com");
	notifications.replaceSubscribers(org.id, json::Value::parse(R"(["ops@acme.com", "data@acme.com"])"));
	notifications.eventRecorded(org.id, "sync.completed", syncFailed());
	notifications.eventRecorded(org.id, "sync.running", syncFailed());
	notifications.eventRecorded(org.id, "sync.failed", syncFailed());
	CPPUNIT_ASSERT(smtp.waitForMessages(2, 10000));
	const auto messages = smtp.messages();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), messages.size());
	CPPUNIT_ASSERT_EQUAL(std::string("data@acme.com"), messages[0].recipients.at(0));
	CPPUNIT_ASSERT_EQUAL(std::string("ops@acme.com"), messages[1].recipients.at(0));
	for (const auto& m: messages)
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.recipients.size());
		CPPUNIT_ASSERT_EQUAL(std::string("Polytomic: the model sync \"Users to CRM\" failed"), m.header("Subject"));
		const std::string body = m.body();
		CPPUNIT_ASSERT_MESSAGE(body, body.find("https://polytomic.acme.com/api/syncs/0b5c0f9e-1111-4222-8333-444455556666/executions/"
			"9d9c1d2e-7777-4888-9999-aaaabbbbcccc") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(body, body.find("relation \"crm\" does not exist") != std::string::npos);
	}

	json::Value bulk = json::Value::parse(R"({"execution_id": "e1", "bulk_sync_id": "b1", "name": "Shop to warehouse",
		"trigger_source": "schedule", "status": "failed", "error": "1 of 2 objects failed"})");
	notifications.eventRecorded(org.id, "bulk_sync.failed", bulk);
	CPPUNIT_ASSERT(smtp.waitForMessages(4, 10000));
	const auto later = smtp.messages();
	CPPUNIT_ASSERT_EQUAL(std::string("Polytomic: the bulk sync \"Shop to warehouse\" failed"), later[3].header("Subject"));
	CPPUNIT_ASSERT(later[3].body().find("https://polytomic.acme.com/api/bulk/syncs/b1/executions/e1") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), notifications.sent());
}


void ErrorNotificationsTest::testRefusedSubscriberDoesNotStopTheOthers()
{
	Organization org("notifyrefused");
	FakeSmtpServer smtp;
	smtp.refuseRecipient("aaa-gone@acme.com");
	engine::ErrorNotifications notifications(org.repository, mailTo(smtp), "https://polytomic.acme.com");
	notifications.replaceSubscribers(org.id, json::Value::parse(R"(["aaa-gone@acme.com", "ops@acme.com"])"));
	notifications.eventRecorded(org.id, "sync.failed", syncFailed());
	CPPUNIT_ASSERT(smtp.waitForMessages(1, 10000));
	CPPUNIT_ASSERT_EQUAL(std::string("ops@acme.com"), smtp.messages().at(0).recipients.at(0));
	bool refusedSeen = false;
	for (const auto& line: smtp.transcript()) refusedSeen = refusedSeen || line.rfind("S: 550", 0) == 0;
	CPPUNIT_ASSERT(refusedSeen);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), notifications.sent());
}


void ErrorNotificationsTest::testWithoutMailSettings()
{
	Organization org("notifynomail");
	auto log = polytomic::test::CapturedLog::attach(Poco::Logger::get("polytomic.notifications"));
	engine::ErrorNotifications notifications(org.repository, std::nullopt, "https://polytomic.acme.com");
	notifications.replaceSubscribers(org.id, json::Value::parse(R"(["ops@acme.com"])"));
	notifications.eventRecorded(org.id, "sync.failed", syncFailed());
	notifications.eventRecorded(org.id, "sync.failed", syncFailed());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), notifications.sent());
	// Said once, not at every failed run.
	CPPUNIT_ASSERT_EQUAL(1, log->count("SMTP_HOST is not set"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), notifications.subscribers(org.id).size());
}


CppUnit::Test* ErrorNotificationsTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ErrorNotificationsTest");
	POLYTOMIC_ADD_TEST(suite, ErrorNotificationsTest, testSubscribersReplaced);
	POLYTOMIC_ADD_TEST(suite, ErrorNotificationsTest, testInvalidSubscribers);
	POLYTOMIC_ADD_TEST(suite, ErrorNotificationsTest, testFailedRunsEmailEachSubscriber);
	POLYTOMIC_ADD_TEST(suite, ErrorNotificationsTest, testRefusedSubscriberDoesNotStopTheOthers);
	POLYTOMIC_ADD_TEST(suite, ErrorNotificationsTest, testWithoutMailSettings);
	return suite;
}
