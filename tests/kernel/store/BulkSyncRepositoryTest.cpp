//
// BulkSyncRepositoryTest.cpp
//
// Bulk syncs against a real PostgreSQL: their extra schedules (queued by the
// scheduler when due), per-schema cancel requests and pages of executions.
//


#include "BulkSyncRepositoryTest.h"
#include "store/BulkSyncRepository.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	struct Syncs
		/// A migrated database with two bulk syncs.
	{
		explicit Syncs(const std::string& prefix):
			db(prefix),
			database(DatabaseUrl::parse(db.url()), 2),
			syncs(database)
		{
			Migrator(database, Migration::embedded()).migrate();
			const std::string organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
			const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + organization +
				"', 'warehouse', 'postgresql') RETURNING id");
			for (std::string* id: {&first, &second})
				*id = db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode) "
					"VALUES ('" + organization + "', 'copy', '" + connection + "', '" + connection + "', 'snapshot') RETURNING id");
		}

		std::string executions(const std::string& syncId) const
		{
			return db.scalar("SELECT count(*) || ':' || coalesce(string_agg(trigger, ','), '') FROM bulk_sync_executions WHERE bulk_sync_id = '" +
				syncId + "'");
		}

		TestDatabase db;
		Database database;
		BulkSyncRepository syncs;
		std::string first;
		std::string second;
	};


	const auto IN_AN_HOUR = [](const std::string&) -> std::optional<long long> { return std::time(nullptr) + 3600; };
}


void BulkSyncRepositoryTest::testExtraSchedulesFallDue()
{
	Syncs s("bulkschedules");
	const std::string past = std::to_string(std::time(nullptr) - 60);
	const auto a = s.syncs.createSchedule(s.first, R"({"frequency": "hourly", "minute": "5"})", std::stoll(past));
	const auto b = s.syncs.createSchedule(s.first, R"({"frequency": "daily"})", std::stoll(past));
	const auto later = s.syncs.createSchedule(s.second, R"({"frequency": "daily"})", std::time(nullptr) + 600);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.syncs.schedules(s.first).size());
	CPPUNIT_ASSERT_EQUAL(a.id, s.syncs.schedules(s.first)[0].id);

	// Both of the first sync's are due: one run (one at a time per sync), both moved on; the other sync's is not due.
	std::vector<std::string> seen;
	CPPUNIT_ASSERT_EQUAL(2, s.syncs.queueDueSchedules([&](const std::string& schedule) -> std::optional<long long> {
		seen.push_back(schedule);
		return std::time(nullptr) + 3600;
	}));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), seen.size());
	CPPUNIT_ASSERT_EQUAL(std::string("1:schedule"), s.executions(s.first));
	CPPUNIT_ASSERT_EQUAL(std::string("0:"), s.executions(s.second));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM bulk_sync_schedules WHERE next_run_at <= now()"));
	CPPUNIT_ASSERT_EQUAL(0, s.syncs.queueDueSchedules(IN_AN_HOUR));

	// A paused sync's schedules queue nothing; a manual one (no next run) never falls due.
	s.db.execute("UPDATE bulk_sync_schedules SET next_run_at = now() - interval '1 minute' WHERE id = '" + later.id + "'");
	s.db.execute("UPDATE bulk_syncs SET active = false WHERE id = '" + s.second + "'");
	CPPUNIT_ASSERT_EQUAL(0, s.syncs.queueDueSchedules(IN_AN_HOUR));
	CPPUNIT_ASSERT(s.syncs.updateSchedule(s.first, b.id, R"({"frequency": "manual"})", std::nullopt));
	CPPUNIT_ASSERT_EQUAL(std::string("manual"), s.db.scalar("SELECT schedule->>'frequency' FROM bulk_sync_schedules WHERE id = '" + b.id + "'"));
	CPPUNIT_ASSERT_EQUAL(std::string("t"), s.db.scalar("SELECT next_run_at IS NULL FROM bulk_sync_schedules WHERE id = '" + b.id + "'"));

	// A schedule belongs to its sync: another sync's id finds, changes and deletes nothing.
	CPPUNIT_ASSERT(!s.syncs.findSchedule(s.second, a.id));
	CPPUNIT_ASSERT(!s.syncs.updateSchedule(s.second, a.id, R"({"frequency": "manual"})", std::nullopt));
	CPPUNIT_ASSERT(!s.syncs.removeSchedule(s.second, a.id));
	CPPUNIT_ASSERT(!s.syncs.findSchedule(s.first, "not-a-uuid"));
	CPPUNIT_ASSERT(s.syncs.removeSchedule(s.first, a.id));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.syncs.schedules(s.first).size());
	s.db.execute("DELETE FROM bulk_syncs WHERE id = '" + s.first + "'");
	CPPUNIT_ASSERT_EQUAL(std::string("1"), s.db.scalar("SELECT count(*) FROM bulk_sync_schedules"));
}


void BulkSyncRepositoryTest::testNextRunTime()
{
	Syncs s("bulknextrun");
	CPPUNIT_ASSERT(!s.syncs.nextRunTime(s.first));
	s.db.execute("UPDATE bulk_syncs SET next_run_at = '2040-01-01T00:00:00Z' WHERE id = '" + s.first + "'");
	s.syncs.createSchedule(s.first, R"({"frequency": "daily"})", 2208988800LL);  // 2040-01-01
	s.syncs.createSchedule(s.first, R"({"frequency": "daily"})", 2177452800LL);  // 2039-01-01
	const auto next = s.syncs.nextRunTime(s.first);
	CPPUNIT_ASSERT(next);
	CPPUNIT_ASSERT_EQUAL(std::string("2039-01-01T00:00:00"), next->substr(0, 19));
	s.db.execute("UPDATE bulk_syncs SET active = false WHERE id = '" + s.first + "'");
	CPPUNIT_ASSERT_MESSAGE("a paused sync runs at no time", !s.syncs.nextRunTime(s.first));
}


void BulkSyncRepositoryTest::testSchemaCancel()
{
	Syncs s("bulkschemacancel");
	auto queued = s.syncs.executions().enqueue(s.first, "manual");
	CPPUNIT_ASSERT(queued);
	CPPUNIT_ASSERT(!s.syncs.schemaCancelRequested(queued->id, "public.users"));
	CPPUNIT_ASSERT(s.syncs.requestSchemaCancel(queued->id, "public.users"));
	CPPUNIT_ASSERT(s.syncs.requestSchemaCancel(queued->id, "public.orders"));
	CPPUNIT_ASSERT(s.syncs.schemaCancelRequested(queued->id, "public.users"));
	CPPUNIT_ASSERT(s.syncs.schemaCancelRequested(queued->id, "public.orders"));
	CPPUNIT_ASSERT(!s.syncs.schemaCancelRequested(queued->id, "public.big"));
	s.db.execute("UPDATE bulk_sync_executions SET status = 'completed', completed_at = now()");
	CPPUNIT_ASSERT_MESSAGE("an ended execution has nothing left to cancel", !s.syncs.requestSchemaCancel(queued->id, "public.big"));
}


void BulkSyncRepositoryTest::testExecutionPages()
{
	Syncs s("bulkexecpages");
	// Five executions a second apart: the first two finished, then canceled, failed, and one waiting.
	const char* statuses[] = {"completed", "completed", "canceled", "failed", "queued"};
	std::vector<std::string> ids;
	for (int i = 0; i < 5; ++i)
		ids.push_back(s.db.scalar("INSERT INTO bulk_sync_executions (bulk_sync_id, status, created_at) VALUES ('" + s.first + "', '" + statuses[i] +
			"', now() - make_interval(secs => " + std::to_string(10 - i) + ")) RETURNING id"));
	BulkExecutionPage page;
	page.limit = 2;
	auto newest = s.syncs.executionIds(s.first, page);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), newest.size());
	CPPUNIT_ASSERT_EQUAL(ids[4], newest[0]);
	CPPUNIT_ASSERT_EQUAL(ids[3], newest[1]);
	page.after = newest[1];
	CPPUNIT_ASSERT_EQUAL(ids[2], s.syncs.executionIds(s.first, page)[0]);
	BulkExecutionPage oldest;
	oldest.ascending = true;
	oldest.onlyTerminal = true;
	const auto finished = s.syncs.executionIds(s.first, oldest);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), finished.size());
	CPPUNIT_ASSERT_EQUAL(ids[0], finished[0]);
	CPPUNIT_ASSERT_EQUAL(ids[3], finished[3]);
	oldest.after = ids[3];
	CPPUNIT_ASSERT(s.syncs.executionIds(s.first, oldest).empty());
	CPPUNIT_ASSERT(s.syncs.executionIds(s.second, BulkExecutionPage()).empty());
}


CppUnit::Test* BulkSyncRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BulkSyncRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, BulkSyncRepositoryTest, testExtraSchedulesFallDue);
	POLYTOMIC_ADD_TEST(suite, BulkSyncRepositoryTest, testNextRunTime);
	POLYTOMIC_ADD_TEST(suite, BulkSyncRepositoryTest, testSchemaCancel);
	POLYTOMIC_ADD_TEST(suite, BulkSyncRepositoryTest, testExecutionPages);
	return suite;
}
