//
// RateBudgetRepositoryTest.cpp
//
// Rate budgets in PostgreSQL, as several server processes reserve from them at once.
//


#include "RateBudgetRepositoryTest.h"
#include "store/Migrator.h"
#include "store/RateBudgetRepository.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>


using namespace polytomic::store;
using polytomic::config::DatabaseUrl;
using polytomic::test::TestDatabase;


void RateBudgetRepositoryTest::testProcessesNeverShareASlot()
{
	// Four "processes" (a pool of their own each) take blocks of 3 slots 100 ms apart: every slot is
	// another, and no two are closer than the spacing, however the reservations interleave.
	TestDatabase db("budgets_slots");
	{
		Database database(DatabaseUrl::parse(db.url()), 1);
		Migrator(database, Migration::embedded()).migrate();
	}
	const auto spacing = std::chrono::microseconds(100000);
	std::mutex mutex;
	std::vector<std::chrono::steady_clock::time_point> slots;
	std::vector<std::thread> processes;
	for (int p = 0; p < 4; ++p)
		processes.emplace_back([&] {
			Database database(DatabaseUrl::parse(db.url()), 1);
			RateBudgetRepository budgets(database);
			for (int i = 0; i < 5; ++i)
			{
				const BudgetSlots got = budgets.reserve("hubspot:1", spacing, 3, 0);
				const auto first = std::chrono::steady_clock::now() + got.wait;
				std::lock_guard<std::mutex> lock(mutex);
				for (int s = 0; s < got.count; ++s) slots.push_back(first + spacing * s);
			}
		});
	for (auto& p: processes) p.join();
	CPPUNIT_ASSERT_EQUAL(std::size_t(60), slots.size());
	std::sort(slots.begin(), slots.end());
	// Each slot is placed by when its answer arrived, which a loaded machine delays by a few ms: 30 ms of slack
	// (two processes given the same slots would be 0 ms apart).
	for (std::size_t i = 1; i < slots.size(); ++i)
		CPPUNIT_ASSERT_MESSAGE(std::to_string(i), slots[i] - slots[i - 1] >= spacing - std::chrono::milliseconds(30));
	CPPUNIT_ASSERT(slots.back() - slots.front() >= spacing * 59 - std::chrono::milliseconds(30));
	CPPUNIT_ASSERT_EQUAL(std::string("60"), db.scalar("SELECT used_today FROM rate_budgets WHERE name = 'hubspot:1'"));
}


void RateBudgetRepositoryTest::testDailyQuota()
{
	TestDatabase db("budgets_daily");
	Database database(DatabaseUrl::parse(db.url()), 1);
	Migrator(database, Migration::embedded()).migrate();
	RateBudgetRepository budgets(database);
	const auto spacing = std::chrono::microseconds(100);
	CPPUNIT_ASSERT_EQUAL(4, budgets.reserve("portal", spacing, 4, 10).count);
	CPPUNIT_ASSERT_EQUAL(4, budgets.reserve("portal", spacing, 4, 10).count);
	const BudgetSlots last = budgets.reserve("portal", spacing, 4, 10);
	CPPUNIT_ASSERT_EQUAL(2, last.count);
	CPPUNIT_ASSERT_EQUAL(10LL, last.usedToday);
	CPPUNIT_ASSERT_EQUAL(0, budgets.reserve("portal", spacing, 4, 10).count);
	CPPUNIT_ASSERT_EQUAL(4, budgets.reserve("another portal", spacing, 4, 10).count);
	// A new day (UTC) starts the quota again.
	db.execute("UPDATE rate_budgets SET day = day - 1 WHERE name = 'portal'");
	CPPUNIT_ASSERT_EQUAL(4, budgets.reserve("portal", spacing, 4, 10).count);
	CPPUNIT_ASSERT_EQUAL(4, budgets.reserve("portal", spacing, 4, 0).count); // no quota: as many as asked
}


CppUnit::Test* RateBudgetRepositoryTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RateBudgetRepositoryTest");
	POLYTOMIC_ADD_TEST(suite, RateBudgetRepositoryTest, testProcessesNeverShareASlot);
	POLYTOMIC_ADD_TEST(suite, RateBudgetRepositoryTest, testDailyQuota);
	return suite;
}
