//
// DatabaseTest.cpp
//


#include "DatabaseTest.h"
#include "store/Database.h"
#include "store/PgResult.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <thread>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;
using polytomic::test::TestEnvironment;
using std::chrono::milliseconds;


namespace
{
	std::string query(Database& database, const std::string& sql)
	{
		std::string value;
		database.runRaw([&](PGconn* conn) { value = execute(conn, sql).value(0, 0); });
		return value;
	}
}


void DatabaseTest::testRunsQueries()
{
	TestDatabase db("dbrun");
	Database database(DatabaseUrl::parse(db.url()), 2);
	CPPUNIT_ASSERT_EQUAL(std::string("42"), query(database, "SELECT (40 + 2)::text"));
	CPPUNIT_ASSERT_EQUAL(db.name(), query(database, "SELECT current_database()"));
	CPPUNIT_ASSERT(database.ping());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), database.size());
}


void DatabaseTest::testValuesWithSpacesReachPostgres()
{
	TestDatabase db("dbspaces");
	// POCO's connection string cannot carry spaces; these must still arrive.
	Database database(DatabaseUrl::parse(db.url() + "?application_name=polytomic%20tests&options=-c%20statement_timeout%3D4321"), 1);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic tests"), query(database, "SHOW application_name"));
	CPPUNIT_ASSERT_EQUAL(std::string("4321ms"), query(database, "SHOW statement_timeout"));
}


void DatabaseTest::testPoolWaitsForAFreeSession()
{
	TestDatabase db("dbwait");
	Database database(DatabaseUrl::parse(db.url()), 1, milliseconds(5000));
	std::atomic<bool> held{false};
	std::thread holder([&] {
		Database::Lease lease = database.acquire();
		held = true;
		std::this_thread::sleep_for(milliseconds(300));
	});
	while (!held) std::this_thread::yield();
	const auto start = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT_EQUAL(std::string("1"), query(database, "SELECT 1::text"));
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= milliseconds(200));
	holder.join();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), database.size());
}


void DatabaseTest::testPoolExhaustedGivesClearError()
{
	TestDatabase db("dbexhaust");
	Database database(DatabaseUrl::parse(db.url()), 1, milliseconds(100));
	Database::Lease lease = database.acquire();
	try
	{
		database.acquire();
		CPPUNIT_FAIL("a second session was handed out from a pool of one");
	}
	catch (const DatabaseUnavailable& e)
	{
		CPPUNIT_ASSERT(std::string(e.what()).find("DATABASE_POOL_SIZE") != std::string::npos);
	}
}


void DatabaseTest::testOpenTransactionRolledBackOnReturn()
{
	TestDatabase db("dbtx");
	db.execute("CREATE TABLE t (x int)");
	Database database(DatabaseUrl::parse(db.url()), 1);
	{
		Database::Lease lease = database.acquire();
		execute(lease.handle(), "BEGIN");
		execute(lease.handle(), "INSERT INTO t VALUES (1)");
	}
	{
		Database::Lease lease = database.acquire();
		CPPUNIT_ASSERT_EQUAL(PQTRANS_IDLE, PQtransactionStatus(lease.handle()));
	}
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM t"));
}


void DatabaseTest::testUnreachableServer()
{
	const std::string url = "postgres://app:hunter2@127.0.0.1:" + std::to_string(TestEnvironment::freePort()) + "/nothing";
	Database database(DatabaseUrl::parse(url), 2);
	try
	{
		query(database, "SELECT 1::text");
		CPPUNIT_FAIL("a query succeeded without a server");
	}
	catch (const DatabaseUnavailable& e)
	{
		const std::string message = e.what();
		CPPUNIT_ASSERT_MESSAGE(message, message.find("cannot connect to PostgreSQL at 127.0.0.1") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(message, message.find("hunter2") == std::string::npos);
	}
	CPPUNIT_ASSERT(!database.ping());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), database.size());
}


void DatabaseTest::testRecoversAfterPostgresRestart()
{
	TestDatabase db("dbrestart");
	Database database(DatabaseUrl::parse(db.url()), 4);
	{
		// Fill the pool with several connections that the restart will kill.
		Database::Lease a = database.acquire(), b = database.acquire(), c = database.acquire();
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), database.size());

	TestDatabase::ServerRestarter restarter;
	TestDatabase::stopServer();
	try
	{
		query(database, "SELECT 1::text");
		CPPUNIT_FAIL("a query succeeded while PostgreSQL was stopped");
	}
	catch (const DatabaseUnavailable&)
	{
	}
	CPPUNIT_ASSERT(!database.ping());
	TestDatabase::startServer();
	CPPUNIT_ASSERT_EQUAL(std::string("1"), query(database, "SELECT 1::text"));

	// A restart between two requests: the first query after it must not fail.
	{
		Database::Lease a = database.acquire(), b = database.acquire();
	}
	TestDatabase::stopServer();
	TestDatabase::startServer();
	CPPUNIT_ASSERT_EQUAL(std::string("2"), query(database, "SELECT 2::text"));
	CPPUNIT_ASSERT_EQUAL(std::string("3"), query(database, "SELECT 3::text"));
}


CppUnit::Test* DatabaseTest::suite()
{
	auto* suite = new CppUnit::TestSuite("DatabaseTest");
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testRunsQueries);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testValuesWithSpacesReachPostgres);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testPoolWaitsForAFreeSession);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testPoolExhaustedGivesClearError);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testOpenTransactionRolledBackOnReturn);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testUnreachableServer);
	POLYTOMIC_ADD_TEST(suite, DatabaseTest, testRecoversAfterPostgresRestart);
	return suite;
}
