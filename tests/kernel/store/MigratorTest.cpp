//
// MigratorTest.cpp
//


#include "MigratorTest.h"
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
	std::vector<Migration> migrations(const std::vector<std::pair<std::string, std::string>>& files)
	{
		return Migration::fromFiles(files);
	}


	std::string errorOf(Migrator& migrator)
	{
		try
		{
			migrator.migrate();
		}
		catch (const MigrationError& e)
		{
			return e.what();
		}
		return "<no error>";
	}
}


void MigratorTest::testEmbeddedMigrations()
{
	const auto embedded = Migration::embedded();
	CPPUNIT_ASSERT(!embedded.empty());
	CPPUNIT_ASSERT_EQUAL(1, embedded.front().version);
	for (std::size_t i = 0; i < embedded.size(); ++i)
	{
		CPPUNIT_ASSERT(embedded[i].name.size() > 4 && embedded[i].name.substr(embedded[i].name.size() - 4) == ".sql");
		CPPUNIT_ASSERT_EQUAL(std::size_t(64), embedded[i].checksum.size());
		if (i > 0) CPPUNIT_ASSERT(embedded[i].version > embedded[i - 1].version);
	}
	CPPUNIT_ASSERT(embedded.front().sql.find("CREATE TABLE users") != std::string::npos);
}


void MigratorTest::testBadFileNames()
{
	CPPUNIT_ASSERT_THROW(Migration::fromFile("add_users.sql", "SELECT 1"), MigrationError);
	CPPUNIT_ASSERT_THROW(migrations({{"001_a.sql", "SELECT 1"}, {"1_b.sql", "SELECT 2"}}), MigrationError);
	CPPUNIT_ASSERT(Migration::fromFile("001_a.sql", "x").checksum != Migration::fromFile("001_a.sql", "y").checksum);
}


void MigratorTest::testFreshDatabase()
{
	TestDatabase db("migfresh");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator migrator(database, Migration::embedded());
	const auto applied = migrator.migrate();
	CPPUNIT_ASSERT_EQUAL(Migration::embedded().size(), applied.size());
	CPPUNIT_ASSERT_EQUAL(std::string("t"), db.scalar("SELECT to_regclass('users') IS NOT NULL AND to_regclass('organizations') IS NOT NULL"));
	CPPUNIT_ASSERT_EQUAL(std::to_string(applied.size()), db.scalar("SELECT count(*) FROM polytomic_schema_migrations"));
	CPPUNIT_ASSERT_EQUAL(Migration::embedded().front().checksum,
		db.scalar("SELECT checksum FROM polytomic_schema_migrations WHERE version = 1"));
}


void MigratorTest::testRerunIsNoop()
{
	TestDatabase db("migrerun");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	const std::string before = db.scalar("SELECT string_agg(version || ':' || applied_at, ',') FROM polytomic_schema_migrations");
	CPPUNIT_ASSERT(Migrator(database, Migration::embedded()).migrate().empty());
	CPPUNIT_ASSERT(Migrator(database, Migration::embedded()).pending().empty());
	CPPUNIT_ASSERT_EQUAL(before, db.scalar("SELECT string_agg(version || ':' || applied_at, ',') FROM polytomic_schema_migrations"));
}


void MigratorTest::testPendingChangesNothing()
{
	TestDatabase db("migpending");
	Database database(DatabaseUrl::parse(db.url()), 1);
	CPPUNIT_ASSERT_EQUAL(Migration::embedded().size(), Migrator(database, Migration::embedded()).pending().size());
	CPPUNIT_ASSERT_EQUAL(std::string("f"), db.scalar("SELECT to_regclass('polytomic_schema_migrations') IS NOT NULL"));
}


void MigratorTest::testNewMigrationAppliedLater()
{
	TestDatabase db("miglater");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"}})).migrate();
	Migrator next(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"}, {"002_b.sql", "CREATE TABLE b (y int)"}}));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), next.pending().size());
	const auto applied = next.migrate();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), applied.size());
	CPPUNIT_ASSERT_EQUAL(std::string("002_b.sql"), applied[0].name);
}


void MigratorTest::testConcurrentMigratorsApplyOnce()
{
	TestDatabase db("migrace");
	// Not idempotent on purpose: applied twice, the second CREATE TABLE would fail.
	const auto files = migrations({{"001_a.sql", "CREATE TABLE a (x int); SELECT pg_sleep(0.3);"},
		{"002_b.sql", "CREATE TABLE b (y int); INSERT INTO b VALUES (1);"}});
	const int racers = 4;
	std::vector<std::thread> threads;
	std::vector<std::string> errors(racers);
	std::vector<std::size_t> applied(racers, 0);
	for (int i = 0; i < racers; ++i)
	{
		threads.emplace_back([&, i] {
			try
			{
				Database database(DatabaseUrl::parse(db.url()), 1);
				applied[i] = Migrator(database, files).migrate().size();
			}
			catch (const std::exception& e)
			{
				errors[i] = e.what();
			}
		});
	}
	for (auto& t: threads) t.join();
	std::size_t total = 0;
	for (int i = 0; i < racers; ++i)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(errors[i], std::string(), errors[i]);
		total += applied[i];
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), total);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM b"));
	CPPUNIT_ASSERT_EQUAL(std::string("2"), db.scalar("SELECT count(*) FROM polytomic_schema_migrations"));
}


void MigratorTest::testChangedMigrationRefused()
{
	TestDatabase db("migchanged");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"}})).migrate();
	Migrator changed(database, migrations({{"001_a.sql", "CREATE TABLE a (x bigint)"}, {"002_b.sql", "CREATE TABLE b (y int)"}}));
	const std::string error = errorOf(changed);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("migration 001_a.sql was changed after it was applied") != std::string::npos);
	CPPUNIT_ASSERT(error.find("new numbered migration") != std::string::npos);
	CPPUNIT_ASSERT_THROW(changed.pending(), MigrationError);
	CPPUNIT_ASSERT_EQUAL(std::string("f"), db.scalar("SELECT to_regclass('b') IS NOT NULL"));
}


void MigratorTest::testUnknownAppliedMigrationRefused()
{
	TestDatabase db("migunknown");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"}, {"002_b.sql", "CREATE TABLE b (y int)"}})).migrate();
	Migrator older(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"}}));
	const std::string error = errorOf(older);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("002_b.sql, which this version of Polytomic does not know") != std::string::npos);
}


void MigratorTest::testFailedMigrationRollsBack()
{
	TestDatabase db("migfail");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator migrator(database, migrations({{"001_a.sql", "CREATE TABLE a (x int)"},
		{"002_bad.sql", "CREATE TABLE b (y int); INSERT INTO b VALUES (1); SELECT 1/0;"}}));
	const std::string error = errorOf(migrator);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("applying migration 002_bad.sql") != std::string::npos);
	CPPUNIT_ASSERT(error.find("division by zero") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("t"), db.scalar("SELECT to_regclass('a') IS NOT NULL"));
	CPPUNIT_ASSERT_EQUAL(std::string("f"), db.scalar("SELECT to_regclass('b') IS NOT NULL"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM polytomic_schema_migrations"));
	// The pooled session was left clean: the next unit of work runs normally.
	CPPUNIT_ASSERT(database.ping());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), migrator.pending().size());
}


void MigratorTest::testDollarParametersInFunctionBodies()
{
	TestDatabase db("migdollar");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator(database, migrations({{"001_f.sql",
		"CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 * 2 $$;\n"
		"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN NEW.x := 1; RETURN NEW; END $body$;"}})).migrate();
	CPPUNIT_ASSERT_EQUAL(std::string("42"), db.scalar("SELECT twice(21)"));
}


void MigratorTest::testInsufficientPrivilege()
{
	TestDatabase db("migpriv");
	const std::string role = "limited_" + db.name().substr(db.name().size() - 8);
	TestDatabase::executeAdmin("CREATE ROLE " + role + " LOGIN");
	try
	{
		Database database(DatabaseUrl::parse(db.url(role)), 1);
		Migrator migrator(database, Migration::embedded());
		const std::string error = errorOf(migrator);
		CPPUNIT_ASSERT_MESSAGE(error, error.find("the database user \"" + role + "\" is not allowed to create or alter the schema") != std::string::npos);
		CPPUNIT_ASSERT(error.find("GRANT CREATE ON SCHEMA public TO \"" + role + "\"") != std::string::npos);
		CPPUNIT_ASSERT(error.find("polytomic migrate") != std::string::npos);

		// With the tracking table made by an administrator, the migration itself is refused the same way.
		Database admin(DatabaseUrl::parse(db.url()), 1);
		Migrator(admin, {}).migrate();
		db.execute("GRANT SELECT, INSERT ON polytomic_schema_migrations TO " + role);
		const std::string again = errorOf(migrator);
		CPPUNIT_ASSERT_MESSAGE(again, again.find("is not allowed to create or alter the schema") != std::string::npos);
		CPPUNIT_ASSERT(again.find("001_organizations_and_users.sql") != std::string::npos);
	}
	catch (...)
	{
		TestDatabase::executeAdmin("DROP DATABASE IF EXISTS \"" + db.name() + "\" WITH (FORCE)");
		TestDatabase::executeAdmin("DROP ROLE IF EXISTS " + role);
		throw;
	}
	TestDatabase::executeAdmin("DROP DATABASE IF EXISTS \"" + db.name() + "\" WITH (FORCE)");
	TestDatabase::executeAdmin("DROP ROLE IF EXISTS " + role);
}


CppUnit::Test* MigratorTest::suite()
{
	auto* suite = new CppUnit::TestSuite("MigratorTest");
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testEmbeddedMigrations);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testBadFileNames);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testFreshDatabase);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testRerunIsNoop);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testPendingChangesNothing);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testNewMigrationAppliedLater);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testConcurrentMigratorsApplyOnce);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testChangedMigrationRefused);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testUnknownAppliedMigrationRefused);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testFailedMigrationRollsBack);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testDollarParametersInFunctionBodies);
	POLYTOMIC_ADD_TEST(suite, MigratorTest, testInsufficientPrivilege);
	return suite;
}
