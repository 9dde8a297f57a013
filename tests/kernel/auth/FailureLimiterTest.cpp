//
// FailureLimiterTest.cpp
//


#include "FailureLimiterTest.h"
#include "auth/FailureLimiter.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::auth;
using std::chrono::seconds;


void FailureLimiterTest::testBlocksAfterTooManyFailures()
{
	FailureLimiter limiter(3, seconds(60));
	const auto t0 = FailureLimiter::Clock::now();
	for (int i = 0; i < 3; ++i)
	{
		CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(limiter.blockedFor("10.0.0.1", t0).count()));
		limiter.failed("10.0.0.1", t0);
	}
	CPPUNIT_ASSERT_EQUAL(60L, static_cast<long>(limiter.blockedFor("10.0.0.1", t0).count()));
	CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(limiter.blockedFor("10.0.0.2", t0).count()));
	limiter.succeeded("10.0.0.1");
	CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(limiter.blockedFor("10.0.0.1", t0).count()));
}


void FailureLimiterTest::testWindowSlides()
{
	FailureLimiter limiter(2, seconds(60));
	const auto t0 = FailureLimiter::Clock::now();
	limiter.failed("a", t0);
	limiter.failed("a", t0 + seconds(30));
	CPPUNIT_ASSERT_EQUAL(30L, static_cast<long>(limiter.blockedFor("a", t0 + seconds(30)).count()));
	CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(limiter.blockedFor("a", t0 + seconds(61)).count()));
	limiter.failed("a", t0 + seconds(62));
	CPPUNIT_ASSERT(limiter.blockedFor("a", t0 + seconds(62)).count() > 0);
	CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(limiter.blockedFor("a", t0 + seconds(91)).count()));
}


CppUnit::Test* FailureLimiterTest::suite()
{
	auto* suite = new CppUnit::TestSuite("FailureLimiterTest");
	POLYTOMIC_ADD_TEST(suite, FailureLimiterTest, testBlocksAfterTooManyFailures);
	POLYTOMIC_ADD_TEST(suite, FailureLimiterTest, testWindowSlides);
	return suite;
}
