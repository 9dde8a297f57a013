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

		store::JobRecord waitFor(const store::JobRecord& job, const std::string& in = std::string())
			/// The job (of the organization in, else organization) once it is done or failed (10 s at most).
		{
			const std::string& organization = in.empty() ? this->organization : in;
			const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
			for (;;)
			{
				const auto found = jobs.find(organization, job.type, job.id, job.owner);
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
	const auto job = runner.submit(s.organization, "user:1", "samplemodel", [] { return json::Value::parse(R"({"records": [{"a": 1}]})"); });
	CPPUNIT_ASSERT_EQUAL(std::string("created"), job.status);
	CPPUNIT_ASSERT_EQUAL(std::string("user:1"), job.owner);
	const store::JobRecord done = s.waitFor(job);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), done.status);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"records":[{"a":1}]})"), *done.result);
}


void JobRunnerTest::testAFailedJobSaysWhy()
{
	Jobs s("jobrunner_failed");
	JobRunner runner(s.jobs);
	const auto job = runner.submit(s.organization, "user:1", "createmodel", []() -> json::Value {
		throw engine::ValidationError("the model is not valid", {{"configuration.query", "column \"nope\" does not exist"}});
	});
	const store::JobRecord failed = s.waitFor(job);
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), failed.status);
	CPPUNIT_ASSERT_EQUAL(std::string("the model is not valid; configuration.query: column \"nope\" does not exist"), *failed.error);
}


void JobRunnerTest::testTheQueueIsBounded()
{
	Jobs s("jobrunner_bounded");
	std::atomic<bool> release{false};
	{
		JobRunner runner(s.jobs, 1);
		const auto blocker = [&release] {
			while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
			return json::Value::object();
		};
		const auto running = runner.submit(s.organization, "user:0", "previewmodel", blocker);
		// The one thread takes the first job; then MAX_QUEUED wait (of callers with 2 each) and the next is refused.
		while (s.jobs.find(s.organization, "previewmodel", running.id, "user:0")->status != "running")
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		// Two other organizations fill the places, each up to its cap of half of them.
		const std::string first = s.db.scalar("INSERT INTO organizations (name) VALUES ('first') RETURNING id");
		const std::string second = s.db.scalar("INSERT INTO organizations (name) VALUES ('second') RETURNING id");
		for (std::size_t i = 0; i < JobRunner::MAX_QUEUED; ++i)
			runner.submit(i < JobRunner::MAX_PER_ORGANIZATION ? first : second, "user:" + std::to_string(1 + i / JobRunner::MAX_PER_CALLER),
				"previewmodel", blocker);
		try
		{
			runner.submit(s.organization, "user:new", "previewmodel", blocker);
			CPPUNIT_FAIL("a job beyond the queue was taken");
		}
		catch (const JobRunner::Busy& busy)
		{
			CPPUNIT_ASSERT_MESSAGE(busy.what(), std::string(busy.what()).find("32 jobs and queries wait") != std::string::npos);
		}
		release = true;
		// Stopping: the running job ends; the ones not started yet are failed, not left behind.
	}
	const std::string outcomes = s.db.scalar("SELECT string_agg(DISTINCT status, ',') FROM jobs");
	CPPUNIT_ASSERT(outcomes == "done" || outcomes == "done,failed");
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM jobs WHERE status IN ('created', 'running')"));
}


void JobRunnerTest::testOneCallerCannotFillTheQueue()
{
	// The attack: one caller submitted 32 jobs and every other organization got 429 until they ended.
	Jobs s("jobrunner_caller");
	const std::string other = s.db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
	std::atomic<bool> release{false};
	const auto blocker = [&release] {
		while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
		return json::Value::object();
	};
	JobRunner runner(s.jobs, 2);
	std::size_t taken = 0;
	std::string refusal;
	for (int i = 0; i < 10; ++i)
	{
		try
		{
			runner.submit(s.organization, "organization", "samplemodel", blocker);
			++taken;
		}
		catch (const JobRunner::Busy& busy)
		{
			refusal = busy.what();
		}
	}
	CPPUNIT_ASSERT_EQUAL(JobRunner::MAX_PER_CALLER, taken);
	CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("2 of your jobs and queries are waiting or running") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("wait for them to finish") != std::string::npos);
	// The same kind of key of another organization, and another user of the same one, are other callers.
	runner.submit(other, "organization", "samplemodel", blocker);
	const store::JobRecord mine = runner.submit(s.organization, "user:7", "samplemodel", [] { return json::Value::object(); });
	// Both threads are busy with the first caller's jobs; once one is free, it runs user:7's job, the next in the queue.
	release = true;
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(mine).status);
	// Its jobs done, the caller may submit again.
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (s.db.scalar("SELECT count(*) FROM jobs WHERE status <> 'done'") != "0" && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(runner.submit(s.organization, "organization", "samplemodel", blocker)).status);
}


void JobRunnerTest::testAFreeThreadTakesAnotherCallersJob()
{
	// Both threads busy, one of them with user:1's job; user:1's second job waits, then user:2's.
	// The thread that frees up runs user:2's job: one caller does not hold both threads while others wait.
	Jobs s("jobrunner_fair");
	std::atomic<bool> releaseFirst{false}, releaseThird{false}, releaseOther{false};
	const auto until = [](std::atomic<bool>* flag) {
		return [flag] {
			while (!*flag) std::this_thread::sleep_for(std::chrono::milliseconds(5));
			return json::Value::object();
		};
	};
	JobRunner runner(s.jobs, 4);
	struct Release
		/// Lets every job end before the runner waits for them, also when an assertion fails.
	{
		std::vector<std::atomic<bool>*> flags;
		~Release() { for (auto* flag: flags) *flag = true; }
	} release{{&releaseFirst, &releaseThird, &releaseOther}};
	const auto statusOf = [&](const store::JobRecord& job) { return s.jobs.find(s.organization, job.type, job.id, job.owner)->status; };
	const auto running = [&](const store::JobRecord& job) {
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
		while (statusOf(job) == "created" && std::chrono::steady_clock::now() < deadline)
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		return statusOf(job) == "running";
	};
	const store::JobRecord first = runner.submit(s.organization, "user:1", "samplemodel", until(&releaseFirst));
	const store::JobRecord third = runner.submit(s.organization, "user:3", "samplemodel", until(&releaseThird));
	CPPUNIT_ASSERT(running(first) && running(third));
	const store::JobRecord second = runner.submit(s.organization, "user:1", "samplemodel", until(&releaseFirst));
	const store::JobRecord other = runner.submit(s.organization, "user:2", "samplemodel", until(&releaseOther));
	releaseThird = true;
	CPPUNIT_ASSERT(running(other));
	CPPUNIT_ASSERT_EQUAL(std::string("created"), statusOf(second));
	releaseFirst = true;
	releaseOther = true;
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(second).status);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(other).status);
}


void JobRunnerTest::testOneOrganizationCannotFillThePlaces()
{
	// The attack: 17 members of one organization, 2 jobs each, took all 32 places; every other organization got 429.
	Jobs s("jobrunner_organization");
	const std::string other = s.db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
	std::atomic<bool> release{false};
	const auto blocker = [&release] {
		while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
		return json::Value::object();
	};
	JobRunner runner(s.jobs);
	struct Release
	{
		std::atomic<bool>* flag;
		~Release() { *flag = true; }
	} releasing{&release};
	std::size_t taken = 0;
	std::string refusal;
	for (int member = 0; member < 17; ++member)
		for (std::size_t i = 0; i < JobRunner::MAX_PER_CALLER; ++i)
		{
			try
			{
				runner.submit(s.organization, "user:" + std::to_string(member), "samplemodel", blocker);
				++taken;
			}
			catch (const JobRunner::Busy& busy)
			{
				refusal = busy.what();
			}
		}
	CPPUNIT_ASSERT_EQUAL(JobRunner::MAX_PER_ORGANIZATION, taken);
	CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("16 jobs and queries of your organization are waiting or running") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(refusal, refusal.find("wait for some to finish") != std::string::npos);
	const store::JobRecord theirs = runner.submit(other, "user:x", "samplemodel", [] { return json::Value::object(); });
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(theirs, other).status);
	release = true;
}


void JobRunnerTest::testSlowJobsDoNotTakeEveryThread()
{
	// The attack: one caller's 2 slow queries took both threads; everyone else waited for the executor's time limit.
	// Now a caller, and its organization, run on half the threads at most (the default runner).
	Jobs s("jobrunner_threads");
	const std::string other = s.db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
	std::atomic<bool> release{false};
	const auto blocker = [&release] {
		while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
		return json::Value::object();
	};
	JobRunner runner(s.jobs);
	struct Release
	{
		std::atomic<bool>* flag;
		~Release() { *flag = true; }
	} releasing{&release};
	for (int member = 0; member < 3; ++member)
		for (std::size_t i = 0; i < JobRunner::MAX_PER_CALLER; ++i)
			runner.submit(s.organization, "user:" + std::to_string(member), "samplemodel", blocker);
	const store::JobRecord theirs = runner.submit(other, "user:x", "samplemodel", [] { return json::Value::object(); });
	CPPUNIT_ASSERT_EQUAL(std::string("done"), s.waitFor(theirs, other).status);
	// The busy organization has half the threads, no more (which caller's: testAFreeThreadTakesAnotherCallersJob).
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
	while (s.db.scalar("SELECT count(*) FROM jobs WHERE status = 'running'") != std::to_string(JobRunner::THREADS / 2) &&
		std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	std::this_thread::sleep_for(std::chrono::milliseconds(200));   // no third one starts
	CPPUNIT_ASSERT_EQUAL(std::string(std::to_string(JobRunner::THREADS / 2)),
		s.db.scalar("SELECT count(*) FROM jobs WHERE status = 'running'"));
}


void JobRunnerTest::testPerformWaitsForItsResult()
{
	// A synchronous request runs its work through the runner: its result, its error, and the same caps.
	Jobs s("jobrunner_perform");
	std::atomic<bool> release{false};
	JobRunner runner(s.jobs);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":1})"), runner.perform(s.organization, "user:1", "samplemodel", [] {
		return json::Value::parse(R"({"a": 1})");
	}).dump());
	try
	{
		runner.perform(s.organization, "user:1", "previewmodel", []() -> json::Value { throw engine::ValidationError("not valid", {{"f", "bad"}}); });
		CPPUNIT_FAIL("the work's error was lost");
	}
	catch (const engine::ValidationError& e)
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), e.fields().size());
	}
	const auto blocker = [&release] {
		while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
		return json::Value::object();
	};
	struct Release
	{
		std::atomic<bool>* flag;
		~Release() { *flag = true; }
	} releasing{&release};
	for (std::size_t i = 0; i < JobRunner::MAX_PER_CALLER; ++i) runner.submit(s.organization, "user:2", "samplemodel", blocker);
	try
	{
		runner.perform(s.organization, "user:2", "samplemodel", [] { return json::Value::object(); });
		CPPUNIT_FAIL("a synchronous job beyond the caller's cap was run");
	}
	catch (const JobRunner::Busy&)
	{
	}
	release = true;
}


CppUnit::Test* JobRunnerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JobRunnerTest");
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testAJobEndsWithItsResult);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testAFailedJobSaysWhy);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testTheQueueIsBounded);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testOneCallerCannotFillTheQueue);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testAFreeThreadTakesAnotherCallersJob);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testOneOrganizationCannotFillThePlaces);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testSlowJobsDoNotTakeEveryThread);
	POLYTOMIC_ADD_TEST(suite, JobRunnerTest, testPerformWaitsForItsResult);
	return suite;
}
