//
// ExecutionQueueTest.cpp
//
// The execution queue against a real PostgreSQL: a worker that lost its
// lease (another one claimed the execution since) changes nothing.
//


#include "ExecutionQueueTest.h"
#include "store/ExecutionLogRepository.h"
#include "store/ExecutionQueue.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	struct Queue
		/// A migrated database with one bulk sync, and the queue of its executions.
	{
		explicit Queue(const std::string& prefix):
			db(prefix),
			database(DatabaseUrl::parse(db.url()), 2),
			queue(database, {"bulk_sync_executions", "bulk_syncs", "bulk_sync_id", "schemas", "bulk_sync_ids"})
		{
			Migrator(database, Migration::embedded()).migrate();
			const std::string organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
			const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + organization +
				"', 'warehouse', 'postgresql') RETURNING id");
			syncId = db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode) "
				"VALUES ('" + organization + "', 'copy', '" + connection + "', '" + connection + "', 'snapshot') RETURNING id");
		}

		ExecutionRecord claimAfterExpiry(const std::string& worker)
			/// The lease of the running execution expires, and worker claims it.
		{
			db.execute("UPDATE bulk_sync_executions SET lease_until = now() - interval '1 second'");
			auto claimed = queue.claim(worker, 30);
			CPPUNIT_ASSERT(claimed);
			return *claimed;
		}

		std::string row() const
		{
			return db.scalar("SELECT status || '|' || coalesce(error, '') || '|' || schemas::text || '|' || worker || '|' || attempts || '|' || "
				"CASE WHEN completed_at IS NULL THEN 't' ELSE 'f' END FROM bulk_sync_executions");
		}

		TestDatabase db;
		Database database;
		ExecutionQueue queue;
		std::string syncId;
	};
}


void ExecutionQueueTest::testLostLeaseChangesNothing()
{
	Queue q("queuelost");
	CPPUNIT_ASSERT(q.queue.enqueue(q.syncId, "manual"));
	auto first = q.queue.claim("worker-a", 30);
	CPPUNIT_ASSERT(first);
	const ExecutionClaim stale = ExecutionClaim::of(*first, "worker-a");
	CPPUNIT_ASSERT(q.queue.progress(stale, R"([{"id": "a"}])"));
	const ExecutionRecord second = q.claimAfterExpiry("worker-b");
	CPPUNIT_ASSERT_EQUAL(2, second.attempts);
	const ExecutionClaim owner = ExecutionClaim::of(second, "worker-b");
	CPPUNIT_ASSERT(q.queue.progress(owner, R"([{"id": "b"}])"));
	const std::string before = q.row();

	// The stale worker's every write is refused, and the new owner's run is untouched.
	CPPUNIT_ASSERT_EQUAL(std::string(), q.queue.renew(stale, 30));
	CPPUNIT_ASSERT(!q.queue.progress(stale, R"([{"id": "stale"}])"));
	CPPUNIT_ASSERT(!q.queue.finish(stale, "completed", std::nullopt, R"([{"id": "stale"}])"));
	CPPUNIT_ASSERT(!q.queue.retryLater(stale, 5, "stale"));
	CPPUNIT_ASSERT(!q.queue.requeue(stale));
	ExecutionLogRepository logs(q.database);
	CPPUNIT_ASSERT(!logs.append(stale, "bulk_sync_executions", "info", "completed"));
	CPPUNIT_ASSERT_EQUAL(before, q.row());
	CPPUNIT_ASSERT_EQUAL(std::string("running||[{\"id\": \"b\"}]|worker-b|2|t"), before);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), q.db.scalar("SELECT count(*) FROM execution_logs"));

	// The owner's writes go through, its log lines carry its attempt.
	CPPUNIT_ASSERT_EQUAL(std::string("running"), q.queue.renew(owner, 30));
	CPPUNIT_ASSERT(logs.append(owner, "bulk_sync_executions", "info", "started"));
	CPPUNIT_ASSERT(q.queue.finish(owner, "failed", std::string("boom"), R"([{"id": "b", "status": "failed"}])"));
	CPPUNIT_ASSERT_EQUAL(std::string("failed|boom|[{\"id\": \"b\", \"status\": \"failed\"}]|worker-b|2|f"), q.row());
	CPPUNIT_ASSERT(!q.queue.finish(stale, "completed", std::nullopt, "[]"));
	CPPUNIT_ASSERT_EQUAL(std::string("failed|boom|[{\"id\": \"b\", \"status\": \"failed\"}]|worker-b|2|f"), q.row());
	const auto lines = logs.latest(first->id, 10);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
	CPPUNIT_ASSERT_EQUAL(2, lines[0].attempt);
}


void ExecutionQueueTest::testSameWorkerEarlierAttemptIsFenced()
{
	// One worker process, two of its threads: the first lost the lease, the second claimed the execution again.
	Queue q("queuesame");
	CPPUNIT_ASSERT(q.queue.enqueue(q.syncId, "manual"));
	auto first = q.queue.claim("worker-a", 30);
	CPPUNIT_ASSERT(first);
	const ExecutionRecord second = q.claimAfterExpiry("worker-a");
	const ExecutionClaim stale = ExecutionClaim::of(*first, "worker-a");
	CPPUNIT_ASSERT(!q.queue.finish(stale, "completed", std::nullopt, R"([{"id": "stale"}])"));
	CPPUNIT_ASSERT_EQUAL(std::string(), q.queue.renew(stale, 30));
	CPPUNIT_ASSERT_EQUAL(std::string("running||[]|worker-a|2|t"), q.row());
	CPPUNIT_ASSERT(q.queue.finish(ExecutionClaim::of(second, "worker-a"), "completed", std::nullopt, "[]"));
}


void ExecutionQueueTest::testObjectDetailKeepsWhatBatchesAdded()
{
	// A model sync's detail is an object: a write of other keys keeps the counts stored so far.
	Queue q("queuemerge");
	q.db.execute("ALTER TABLE bulk_sync_executions ALTER COLUMN schemas SET DEFAULT '{}'");
	CPPUNIT_ASSERT(q.queue.enqueue(q.syncId, "manual"));
	auto claimed = q.queue.claim("worker-a", 30);
	CPPUNIT_ASSERT(claimed);
	q.db.execute(R"(UPDATE bulk_sync_executions SET schemas = '{"counts": {"insert": 7}}')");
	const ExecutionClaim claim = ExecutionClaim::of(*claimed, "worker-a");
	CPPUNIT_ASSERT(q.queue.finish(claim, "failed", std::string("the connector crashed"), R"({"errors": []})"));
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"counts": {"insert": 7}, "errors": []})"), q.db.scalar("SELECT schemas::text FROM bulk_sync_executions"));
}


CppUnit::Test* ExecutionQueueTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ExecutionQueueTest");
	POLYTOMIC_ADD_TEST(suite, ExecutionQueueTest, testLostLeaseChangesNothing);
	POLYTOMIC_ADD_TEST(suite, ExecutionQueueTest, testSameWorkerEarlierAttemptIsFenced);
	POLYTOMIC_ADD_TEST(suite, ExecutionQueueTest, testObjectDetailKeepsWhatBatchesAdded);
	return suite;
}
