//
// QueryResultRepositoryTest.cpp
//


#include "QueryResultRepositoryTest.h"
#include "store/Migrator.h"
#include "store/QueryResultRepository.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


namespace
{
	struct Fixture
	{
		std::string organization;
		std::string connection;
	};


	Fixture migrated(TestDatabase& db)
	{
		Database database(DatabaseUrl::parse(db.url()), 1);
		Migrator(database, Migration::embedded()).migrate();
		Fixture f;
		f.organization = db.scalar("INSERT INTO organizations (name) VALUES ('acme') RETURNING id");
		f.connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + f.organization +
			"', 'source', 'postgresql') RETURNING id");
		return f;
	}
}


void QueryResultRepositoryTest::testRunningThenDone()
{
	TestDatabase db("queryresults");
	const Fixture f = migrated(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	QueryResultRepository queries(database);
	const QueryResultRecord started = queries.create(f.organization, f.connection, "user:1", 600);
	CPPUNIT_ASSERT_EQUAL(std::string("running"), started.status);
	CPPUNIT_ASSERT(started.expiresAt > started.createdAt);
	queries.finish(started.id, R"(["id"])", R"([{"id": 1}, {"id": 2}])", 2);
	const auto done = queries.find(f.organization, started.id);
	CPPUNIT_ASSERT(done);
	CPPUNIT_ASSERT_EQUAL(std::string("done"), done->status);
	CPPUNIT_ASSERT_EQUAL(2LL, done->count.value_or(-1));
	CPPUNIT_ASSERT_EQUAL(std::string("user:1"), done->createdBy);
	const QueryResultRecord other = queries.create(f.organization, f.connection, "user:1", 600);
	queries.fail(other.id, "syntax error");
	CPPUNIT_ASSERT_EQUAL(std::string("syntax error"), queries.find(f.organization, other.id)->error.value_or(""));
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), queries.find(f.organization, other.id)->status);
}


void QueryResultRepositoryTest::testScopedByOrganization()
{
	TestDatabase db("queryscope");
	const Fixture f = migrated(db);
	const std::string stranger = db.scalar("INSERT INTO organizations (name) VALUES ('other') RETURNING id");
	Database database(DatabaseUrl::parse(db.url()), 1);
	QueryResultRepository queries(database);
	const QueryResultRecord started = queries.create(f.organization, f.connection, "organization", 600);
	CPPUNIT_ASSERT(!queries.find(stranger, started.id));
	CPPUNIT_ASSERT(!queries.find(f.organization, "not-a-uuid"));
}


void QueryResultRepositoryTest::testExpiredAreGone()
{
	TestDatabase db("queryexpiry");
	const Fixture f = migrated(db);
	Database database(DatabaseUrl::parse(db.url()), 1);
	QueryResultRepository queries(database);
	const QueryResultRecord old = queries.create(f.organization, f.connection, "organization", 600);
	db.execute("UPDATE query_results SET expires_at = now() - interval '1 second'");
	CPPUNIT_ASSERT(!queries.find(f.organization, old.id));
	// The next query deletes the expired ones: what is kept stays bounded.
	queries.create(f.organization, f.connection, "organization", 600);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM query_results"));
}


CppUnit::Test* QueryResultRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("QueryResultRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, QueryResultRepositoryTest, testRunningThenDone);
	POLYTOMIC_ADD_TEST(suite, QueryResultRepositoryTest, testScopedByOrganization);
	POLYTOMIC_ADD_TEST(suite, QueryResultRepositoryTest, testExpiredAreGone);
	return suite;
}
