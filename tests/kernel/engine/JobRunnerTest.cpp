//
// JobRunnerTest.cpp
//
// Background jobs run on the runner's threads, their outcome in PostgreSQL.
//


#include "JobRunnerTest.h"
#include "engine/EngineError.h"
#include "engine/JobRunner.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <chrono>
#include <thread>


using namespace polytomic;
using polytomic::config::DatabaseUrl;
using polytomic::engine::JobRunner;
using polytomic::test::TestDatabase;


namespace
{
	struct Jobs
	{
		explicit Jobs(const std::string& prefix):
			db(prefix),
			database(DatabaseUrl::parse(db.url()), 4),
			jobs(database)
		{
			store::Migrator(database, store::Migration::embedded()).migrate();
			organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
		}

		store::JobRecord waitFor(const store::JobRecord& job)
			/// The job once it is done or failed (10 s at most).
		{
			const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
			for (;;)
			{
				const auto found = jobs.find(organization, job.type, job.id);
				CPPUNIT_ASSERT(found);
				if (found->status == "done" || found->status == "failed" || std::chrono::steady_clock::now() > deadline) return *found;
				std::this_thread::sleep_for(std::chrono::milliseconds(20));
			}
		}

		TestDatabase db;
		store::Database database;
		store::JobRepository jobs;
		std::string organization;
	};
}


void JobRunnerTest::testAJobEndsWithItsResult()
{
	Jobs s("jobrunner_result");
	JobRunner runner(s.jobs);
	const auto job = runner.submit(s.organization, "samplemodel", [] { return json::Value::parse(R"({"records": [{"a": 1}]})"); });
	CPPUNIT_ASSERT(job);
	CPPUNIT_ASSERT_EQUAL(std::string("created"), job->status);
	const store::JobRecord done = s.waitFor(*job);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), done.status);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"records":[{"a":1}]})"), *done.result);
}


void JobRunnerTest::testAFailedJobSaysWhy()
{
	Jobs s("jobrunner_failed");
	JobRunner runner(s.jobs);
	const auto job = runner.submit(s.organization, "createmodel", []() -> json::Value {
		throw engine::ValidationError("the model is not valid", {{"configuration.query", "column \"nope\" does not exist"}});
	});
	const store::JobRecord failed = s.waitFor(*job);
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), failed.status);
	CPPUNIT_ASSERT_EQUAL(std::string("the model is not valid; configuration.query: column \"nope\" does not exist"), *failed.error);
}


void JobRunnerTest::testTheQueueIsBounded()
{
	Jobs s("jobrunner_bounded");
	std::atomic<bool> release{false};
	std::vector<store::JobRecord> queued;
	{
		JobRunner runner(s.jobs, 1);
		const auto blocker = [&release] {
			while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
			return json::Value::object();
		};
		const auto running = runner.submit(s.organization, "previewmodel", blocker);
		// The one thread takes the first job; then MAX_QUEUED wait and the next is refused.
		while (s.jobs.find(s.organization, "previewmodel", running->id)->status != "running")
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		for (std::size_t i = 0; i < JobRunner::MAX_QUEUED; ++i)
		{
			const auto job = runner.submit(s.organization, "previewmodel", blocker);
			CPPUNIT_ASSERT(job);
			queued.push_back(*job);
		}
		CPPUNIT_ASSERT(!runner.submit(s.organization, "previewmodel", blocker));
		release = true;
		// Stopping: the running job ends; the ones not started yet are failed, not left behind.
	}
	const std::string outcomes = s.db.scalar("SELECT string_agg(DISTINCT status, ',') FROM jobs");
	CPPUNIT_ASSERT(outcomes == "done" || outcomes == "done,failed");
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM jobs WHERE status IN ('created', 'running')"));
}


CppUnit::Test* JobRunnerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JobRunnerTest");
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testAJobEndsWithItsResult);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testAFailedJobSaysWhy);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testTheQueueIsBounded);
	return suite;
}
