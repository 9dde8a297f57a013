//
// JobRepositoryTest.cpp
//
// The API's background jobs in PostgreSQL: what any replica reads of them.
//


#include "JobRepositoryTest.h"
#include "store/JobRepository.h"
#include "store/Migrator.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
namespace json = polytomic::json;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	struct Jobs
		/// A migrated database with two organizations.
	{
		explicit Jobs(const std::string& prefix):
			db(prefix),
			database(DatabaseUrl::parse(db.url()), 2),
			jobs(database)
		{
			Migrator(database, Migration::embedded()).migrate();
			acme = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
			other = db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
		}

		TestDatabase db;
		Database database;
		JobRepository jobs;
		std::string acme, other;
	};
}


void JobRepositoryTest::testAJobIsSeenByItsOrganizationAndType()
{
	Jobs s("jobs_seen");
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", "user:1", 60);
	CPPUNIT_ASSERT_EQUAL(std::string("created"), job.status);
	CPPUNIT_ASSERT(!s.jobs.find(s.other, "samplemodel", job.id, "user:1"));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "previewmodel", job.id, "user:1"));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "samplemodel", "not-a-uuid", "user:1"));
	s.jobs.start(job.id);
	CPPUNIT_ASSERT_EQUAL(std::string("running"), s.jobs.find(s.acme, "samplemodel", job.id, "user:1")->status);
	s.jobs.finish(job.id, R"({"records": []})");
	const auto done = s.jobs.find(s.acme, "samplemodel", job.id, "user:1");
	CPPUNIT_ASSERT_EQUAL(std::string("done"), done->status);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"records": []})"), *done->result);
	CPPUNIT_ASSERT(!done->error);
	const JobRecord failing = s.jobs.create(s.acme, "createmodel", "user:1", 60);
	s.jobs.fail(failing.id, "the model is not valid");
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), s.jobs.find(s.acme, "createmodel", failing.id, "user:1")->status);
	CPPUNIT_ASSERT_EQUAL(std::string("the model is not valid"), *s.jobs.find(s.acme, "createmodel", failing.id, "user:1")->error);
}


void JobRepositoryTest::testResultsAreBounded()
{
	Jobs s("jobs_bounded");
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", "user:1", 60);
	s.jobs.finish(job.id, "\"" + std::string(JobRepository::MAX_RESULT_BYTES, 'x') + "\"");
	const auto found = s.jobs.find(s.acme, "samplemodel", job.id, "user:1");
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), found->status);
	CPPUNIT_ASSERT(!found->result);
	CPPUNIT_ASSERT(found->error->find("ask for fewer records") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM jobs WHERE result IS NOT NULL"));
}


void JobRepositoryTest::testAStaleJobIsReportedFailed()
{
	// The replica that ran it stopped: no one will finish it.
	Jobs s("jobs_stale");
	const JobRecord job = s.jobs.create(s.acme, "previewmodel", "user:1", 3600);
	s.jobs.start(job.id);
	s.db.execute("UPDATE jobs SET updated_at = now() - interval '" + std::to_string(JobRepository::STALE_SECONDS + 1) + " seconds'");
	const auto found = s.jobs.find(s.acme, "previewmodel", job.id, "user:1");
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), found->status);
	CPPUNIT_ASSERT(found->error->find("submit it again") != std::string::npos);
}


void JobRepositoryTest::testExpiredJobsGo()
{
	Jobs s("jobs_expired");
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", "user:1", 60);
	s.db.execute("UPDATE jobs SET expires_at = now() - interval '1 second'");
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "samplemodel", job.id, "user:1"));
	s.jobs.create(s.acme, "samplemodel", "user:1", 60);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), s.db.scalar("SELECT count(*) FROM jobs"));
}


void JobRepositoryTest::testAJobIsSeenOnlyByItsOwner()
{
	// The attack: a viewer read an admin's preview result by its id. Another owner is told nothing more than for an unknown id.
	Jobs s("jobs_owner");
	const JobRecord job = s.jobs.create(s.acme, "previewmodel", "user:admin", 60);
	s.jobs.finish(job.id, R"({"records": [{"salary": 1}]})");
	CPPUNIT_ASSERT(s.jobs.find(s.acme, "previewmodel", job.id, "user:admin"));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "previewmodel", job.id, "user:viewer"));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "previewmodel", job.id, "organization"));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "previewmodel", job.id, ""));
}


void JobRepositoryTest::testQueriesAndJobsFromBeforeOwnersStayReadable()
{
	// Migration 015: the query runner's results become jobs of their owner; older jobs, without one, stay readable by their organization.
	TestDatabase db("jobs_migrated");
	Database database(DatabaseUrl::parse(db.url()), 1);
	std::vector<Migration> before;
	for (const auto& m: Migration::embedded())
		if (m.version < 15) before.push_back(m);
	Migrator(database, before).migrate();
	const std::string org = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org +
		"', 'source', 'postgresql') RETURNING id");
	const std::string query = db.scalar("INSERT INTO query_results (organization_id, connection_id, created_by, status, fields, results, "
		"row_count, expires_at) VALUES ('" + org + "', '" + connection + "', 'user:ann', 'done', '[\"a\"]', '[{\"a\": 1}]', 1, "
		"now() + interval '1 hour') RETURNING id");
	db.scalar("INSERT INTO query_results (organization_id, connection_id, created_by, status, expires_at) VALUES ('" + org + "', '" +
		connection + "', 'user:ann', 'done', now() - interval '1 second') RETURNING id");
	const std::string job = db.scalar("INSERT INTO jobs (organization_id, type, status, result, expires_at) VALUES ('" + org +
		"', 'samplemodel', 'done', '{}', now() + interval '1 hour') RETURNING id");
	Migrator(database, Migration::embedded()).migrate();
	JobRepository jobs(database);
	const auto moved = jobs.find(org, "query", query, "user:ann");
	CPPUNIT_ASSERT(moved);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), moved->status);
	const json::Value result = json::Value::parse(*moved->result);
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["a"])"), result["fields"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"([{"a":1}])"), result["results"].dump());
	CPPUNIT_ASSERT_EQUAL(int64_t(1), result.getInt64("count", 0));
	CPPUNIT_ASSERT(!jobs.find(org, "query", query, "user:bob"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM jobs WHERE type = 'query'"));
	CPPUNIT_ASSERT(jobs.find(org, "samplemodel", job, "user:bob"));
}


CppUnit::Test* JobRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JobRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testAJobIsSeenByItsOrganizationAndType);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testResultsAreBounded);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testAStaleJobIsReportedFailed);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testExpiredJobsGo);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testAJobIsSeenOnlyByItsOwner);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testQueriesAndJobsFromBeforeOwnersStayReadable);
	return suite;
}
