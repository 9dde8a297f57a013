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
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
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
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", 60);
	CPPUNIT_ASSERT_EQUAL(std::string("created"), job.status);
	CPPUNIT_ASSERT(!s.jobs.find(s.other, "samplemodel", job.id));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "previewmodel", job.id));
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "samplemodel", "not-a-uuid"));
	s.jobs.start(job.id);
	CPPUNIT_ASSERT_EQUAL(std::string("running"), s.jobs.find(s.acme, "samplemodel", job.id)->status);
	s.jobs.finish(job.id, R"({"records": []})");
	const auto done = s.jobs.find(s.acme, "samplemodel", job.id);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), done->status);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"records": []})"), *done->result);
	CPPUNIT_ASSERT(!done->error);
	const JobRecord failing = s.jobs.create(s.acme, "createmodel", 60);
	s.jobs.fail(failing.id, "the model is not valid");
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), s.jobs.find(s.acme, "createmodel", failing.id)->status);
	CPPUNIT_ASSERT_EQUAL(std::string("the model is not valid"), *s.jobs.find(s.acme, "createmodel", failing.id)->error);
}


void JobRepositoryTest::testResultsAreBounded()
{
	Jobs s("jobs_bounded");
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", 60);
	s.jobs.finish(job.id, "\"" + std::string(JobRepository::MAX_RESULT_BYTES, 'x') + "\"");
	const auto found = s.jobs.find(s.acme, "samplemodel", job.id);
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), found->status);
	CPPUNIT_ASSERT(!found->result);
	CPPUNIT_ASSERT(found->error->find("ask for fewer records") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), s.db.scalar("SELECT count(*) FROM jobs WHERE result IS NOT NULL"));
}


void JobRepositoryTest::testAStaleJobIsReportedFailed()
{
	// The replica that ran it stopped: no one will finish it.
	Jobs s("jobs_stale");
	const JobRecord job = s.jobs.create(s.acme, "previewmodel", 3600);
	s.jobs.start(job.id);
	s.db.execute("UPDATE jobs SET updated_at = now() - interval '" + std::to_string(JobRepository::STALE_SECONDS + 1) + " seconds'");
	const auto found = s.jobs.find(s.acme, "previewmodel", job.id);
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), found->status);
	CPPUNIT_ASSERT(found->error->find("submit it again") != std::string::npos);
}


void JobRepositoryTest::testExpiredJobsGo()
{
	Jobs s("jobs_expired");
	const JobRecord job = s.jobs.create(s.acme, "samplemodel", 60);
	s.db.execute("UPDATE jobs SET expires_at = now() - interval '1 second'");
	CPPUNIT_ASSERT(!s.jobs.find(s.acme, "samplemodel", job.id));
	s.jobs.create(s.acme, "samplemodel", 60);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), s.db.scalar("SELECT count(*) FROM jobs"));
}


CppUnit::Test* JobRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JobRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testAJobIsSeenByItsOrganizationAndType);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testResultsAreBounded);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testAStaleJobIsReportedFailed);
	POLYTOMIC_ADD_TEST(suite, JobRepositoryTest, testExpiredJobsGo);
	return suite;
}
