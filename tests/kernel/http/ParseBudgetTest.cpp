//
// ParseBudgetTest.cpp
//


#include "ParseBudgetTest.h"
#include "http/ParseBudget.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>


using polytomic::http::ParseBudget;
using namespace std::chrono_literals;


void ParseBudgetTest::testSharesAreGivenBack()
{
	ParseBudget budget(100);
	{
		auto a = budget.take(60, 0ms);
		auto b = budget.take(40, 0ms);
		CPPUNIT_ASSERT(a && b);
		CPPUNIT_ASSERT_EQUAL(std::size_t(100), budget.inUse());
		auto moved = std::move(*a);
		a.reset();
		CPPUNIT_ASSERT_EQUAL(std::size_t(100), budget.inUse());
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), budget.inUse());
}


void ParseBudgetTest::testWaitsThenRefuses()
{
	ParseBudget budget(100);
	auto held = budget.take(80, 0ms);
	const auto start = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT(!budget.take(30, 200ms));
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= 200ms);
	CPPUNIT_ASSERT(budget.take(20, 0ms));
	CPPUNIT_ASSERT_EQUAL(std::size_t(80), budget.inUse());
}


void ParseBudgetTest::testAWaitingRequestGetsFreedShare()
{
	ParseBudget budget(100);
	auto held = budget.take(100, 0ms);
	std::thread release([&] {
		std::this_thread::sleep_for(100ms);
		held.reset();
	});
	auto waited = budget.take(50, 5000ms);
	release.join();
	CPPUNIT_ASSERT(waited.has_value());
	CPPUNIT_ASSERT_EQUAL(std::size_t(50), budget.inUse());
}


void ParseBudgetTest::testLargerThanTheBudget()
{
	// The largest body accepted must be parseable alone, whatever its estimate.
	ParseBudget budget(100);
	{
		auto whole = budget.take(1000, 0ms);
		CPPUNIT_ASSERT(whole.has_value());
		CPPUNIT_ASSERT_EQUAL(std::size_t(100), budget.inUse());
		CPPUNIT_ASSERT(!budget.take(1, 0ms));
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), budget.inUse());
}


void ParseBudgetTest::testCost()
{
	// A small body: its bytes twice and a value for every two bytes; a large one: capped by the values it may hold.
	CPPUNIT_ASSERT(ParseBudget::cost(1000, 100000) > 2000);
	CPPUNIT_ASSERT(ParseBudget::cost(1000, 100000) < 1000 * 200);
	const std::size_t large = ParseBudget::cost(10u << 20, 100000);
	CPPUNIT_ASSERT(large >= (20u << 20) && large < (50u << 20));
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), ParseBudget::PROCESS_CAPACITY / large);
}


CppUnit::Test* ParseBudgetTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ParseBudgetTest");
	POLYTOMIC_ADD_TEST(suite, ParseBudgetTest, testSharesAreGivenBack);
	POLYTOMIC_ADD_TEST(suite, ParseBudgetTest, testWaitsThenRefuses);
	POLYTOMIC_ADD_TEST(suite, ParseBudgetTest, testAWaitingRequestGetsFreedShare);
	POLYTOMIC_ADD_TEST(suite, ParseBudgetTest, testLargerThanTheBudget);
	POLYTOMIC_ADD_TEST(suite, ParseBudgetTest, testCost);
	return suite;
}
