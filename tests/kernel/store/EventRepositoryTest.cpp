//
// EventRepositoryTest.cpp
//


#include "EventRepositoryTest.h"
#include "store/EventRepository.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	std::string idsOf(const std::vector<EventRecord>& events)
		/// The events' payloads' "n", in order: "3,2,1".
	{
		std::string out;
		for (const auto& e: events) out += (out.empty() ? "" : ",") + e.payload.substr(e.payload.rfind('}') - 1, 1);
		return out;
	}
}


void EventRepositoryTest::testPagesByTime()
{
	TestDatabase db("eventpages");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	const std::string organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
	EventRepository events(database);
	for (int n = 1; n <= 4; ++n)
	{
		const EventRecord e = events.record(organization, n % 2 ? "sync.running" : "sync.completed", "{\"n\":" + std::to_string(n) + "}");
		// One second apart, to the microsecond, so that the bounds below are exact.
		db.execute("UPDATE events SET created_at = timestamptz '2026-01-01 00:00:00.000001+00' + interval '" + std::to_string(n) +
			" seconds' WHERE id = '" + e.id + "'");
	}
	EventQuery query;
	query.organizationId = organization;
	query.limit = 10;
	CPPUNIT_ASSERT_EQUAL(std::string("4,3,2,1"), idsOf(events.list(query)));
	query.limit = 2;
	CPPUNIT_ASSERT_EQUAL(std::string("4,3"), idsOf(events.list(query)));
	query.before = "2026-01-01T00:00:03.000001Z";   // strictly before the third
	CPPUNIT_ASSERT_EQUAL(std::string("2,1"), idsOf(events.list(query)));
	query.before = "";
	query.after = "2026-01-01T00:00:01.000001Z";    // strictly after the first, oldest first
	CPPUNIT_ASSERT_EQUAL(std::string("2,3"), idsOf(events.list(query)));
	query.before = "2026-01-01T00:00:04.000001Z";   // both bounds: newest first
	CPPUNIT_ASSERT_EQUAL(std::string("3,2"), idsOf(events.list(query)));
	query = EventQuery{organization, "sync.completed", "", "", 10};
	CPPUNIT_ASSERT_EQUAL(std::string("4,2"), idsOf(events.list(query)));
	query.organizationId = db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
	CPPUNIT_ASSERT(events.list(query).empty());
}


void EventRepositoryTest::testDisabledWebhookGetsNoDelivery()
{
	TestDatabase db("eventhooks");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	const std::string organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
	EventRepository events(database);
	WebhookRecord hook;
	hook.organizationId = organization;
	hook.endpoint = "https://example.com/hook";
	hook.secret = "sealed";
	hook = events.createWebhook(hook);
	events.record(organization, "sync.running", "{}");
	CPPUNIT_ASSERT(events.setWebhookActive(organization, hook.id, false));
	CPPUNIT_ASSERT(!events.findWebhook(organization, hook.id)->active);
	events.record(organization, "sync.completed", "{}");
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM webhook_deliveries"));
	CPPUNIT_ASSERT(events.setWebhookActive(organization, hook.id, true));
	events.record(organization, "sync.failed", "{}");
	CPPUNIT_ASSERT_EQUAL(std::string("2"), db.scalar("SELECT count(*) FROM webhook_deliveries"));
	CPPUNIT_ASSERT(!events.setWebhookActive(organization, "not-a-uuid", true));
	CPPUNIT_ASSERT(!events.setWebhookActive(db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id"), hook.id, true));
}


CppUnit::Test* EventRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("EventRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, EventRepositoryTest, testPagesByTime);
	POLYTOMIC_ADD_TEST(suite, EventRepositoryTest, testDisabledWebhookGetsNoDelivery);
	return suite;
}
