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


CppUnit::Test* OrganizationRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("OrganizationRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testFirstRunCreatesOnce);
	POLYTOMIC_ADD_TEST(suite, OrganizationRepositoryTest, testConcurrentFirstRuns);
	return suite;
}
