//
// OrganizationRepositoryTest.cpp
//


#include "OrganizationRepositoryTest.h"
#include "store/Migrator.h"
#include "store/OrganizationRepository.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <thread>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


void OrganizationRepositoryTest::testFirstRunCreatesOnce()
{
	TestDatabase db("orgfirst");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	OrganizationRepository organizations(database);
	CPPUNIT_ASSERT_EQUAL(0, organizations.countUsers());
	CPPUNIT_ASSERT(organizations.createFirstOrganization("acme", "root@acme.com"));
	CPPUNIT_ASSERT(!organizations.createFirstOrganization("acme", "root@acme.com"));
	CPPUNIT_ASSERT(!organizations.createFirstOrganization("other", "someone-else@acme.com"));
	CPPUNIT_ASSERT_EQUAL(1, organizations.countUsers());
	CPPUNIT_ASSERT_EQUAL(std::string("root@acme.com|admin|acme"),
		db.scalar("SELECT u.email || '|' || u.role || '|' || o.name FROM users u JOIN organizations o ON o.id = u.organization_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM organizations"));
}


void OrganizationRepositoryTest::testConcurrentFirstRuns()
{
	TestDatabase db("orgrace");
	{
		Database database(DatabaseUrl::parse(db.url()), 1);
		Migrator(database, Migration::embedded()).migrate();
	}
	std::atomic<int> created{0};
	std::atomic<int> failures{0};
	std::vector<std::thread> threads;
	for (int i = 0; i < 6; ++i)
	{
		threads.emplace_back([&, i] {
			try
			{
				Database database(DatabaseUrl::parse(db.url()), 1);
				if (OrganizationRepository(database).createFirstOrganization("acme", "root" + std::to_string(i) + "@acme.com")) ++created;
			}
			catch (...)
			{
				++failures;
			}
		});
	}
	for (auto& t: threads) t.join();
	CPPUNIT_ASSERT_EQUAL(0, failures.load());
	CPPUNIT_ASSERT_EQUAL(1, created.load());
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM users"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM organizations"));
}


void OrganizationRepositoryTest::testNamesUniqueAndRemoval()
{
	TestDatabase db("orgnames");
	Database database(DatabaseUrl::parse(db.url()), 2);
	Migrator(database, Migration::embedded()).migrate();
	OrganizationRepository organizations(database);
	using Outcome = OrganizationRepository::Outcome;
	OrganizationRecord acme, other, renamed;
	CPPUNIT_ASSERT(organizations.create("Acme", acme) == Outcome::DONE);
	CPPUNIT_ASSERT(organizations.create("ACME", other) == Outcome::DUPLICATE);
	CPPUNIT_ASSERT(organizations.create("Other", other) == Outcome::DONE);
	CPPUNIT_ASSERT(organizations.rename(other.id, "acme", renamed) == Outcome::DUPLICATE);
	CPPUNIT_ASSERT(organizations.rename(acme.id, "acme", renamed) == Outcome::DONE); // its own name, in another case
	CPPUNIT_ASSERT_EQUAL(std::string("acme"), renamed.name);
	CPPUNIT_ASSERT(organizations.rename("not-a-uuid", "x", renamed) == Outcome::NOT_FOUND);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), organizations.list().size());
	CPPUNIT_ASSERT_EQUAL(acme.id, organizations.list()[0].id);

	// Its users and keys go with it; while it has a connection, it stays.
	db.execute("INSERT INTO users (organization_id, email, role) VALUES ('" + other.id + "', 'ann@other.com', 'admin')");
	db.execute("INSERT INTO connections (organization_id, name, type, configuration) VALUES ('" + other.id + "', 'pg', 'postgresql', '{}')");
	CPPUNIT_ASSERT(organizations.remove(other.id) == Outcome::IN_USE);
	db.execute("DELETE FROM connections");
	CPPUNIT_ASSERT(organizations.remove(other.id) == Outcome::DONE);
	CPPUNIT_ASSERT(organizations.remove(other.id) == Outcome::NOT_FOUND);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM users"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM organizations"));
}


void OrganizationRepositoryTest::testConcurrentCreatesOfOneName()
{
	TestDatabase db("orgnamerace");
	{
		Database database(DatabaseUrl::parse(db.url()), 1);
		Migrator(database, Migration::embedded()).migrate();
	}
	std::atomic<int> created{0};
	std::vector<std::thread> threads;
	for (int i = 0; i < 6; ++i)
	{
		threads.emplace_back([&] {
			Database database(DatabaseUrl::parse(db.url()), 1);
			OrganizationRecord record;
			if (OrganizationRepository(database).create("Same", record) == OrganizationRepository::Outcome::DONE) ++created;
		});
	}
	for (auto& t: threads) t.join();
	CPPUNIT_ASSERT_EQUAL(1, created.load());
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM organizations"));
}


CppUnit::Test* OrganizationRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("OrganizationRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testFirstRunCreatesOnce);
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testConcurrentFirstRuns);
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testNamesUniqueAndRemoval);
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testConcurrentCreatesOfOneName);
	return suite;
}
