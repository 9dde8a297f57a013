//
// HttpClientTest.h
//


#ifndef HttpClientTest_INCLUDED
#define HttpClientTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class HttpClientTest: public CppUnit::TestFixture
{
public:
	void testRetriesHonourRetryAfter();
	void testGivesUpAfterMaxAttempts();
	void testClientErrorsAreNotRetried();
	void testConnectionRefused();
	void testTimeoutPerAttempt();
	void testRateBudget();
	void testRateBudgetDailyQuota();
	void testRetryAfterForms();
	void testAbi10RequestWithoutRateFields();
	void testRetryAfterInAnyLetterCase();
	void testRetryAfterAsHttpDate();
	void testPostNotRepeatedAfterAmbiguousFailures();
	void testPostRetriedWhenTheServerDidNotActOnIt();
	void testIdempotentPostAndPutRetried();
	void testIdempotentFlagThroughTheHostApi();
	void testAbi11RequestWithoutIdempotentFlag();
	void testAbi12RequestWithoutAuthorizeFlag();
	void testAuthorizedRequestRefreshedAfter401();
	void testAuthorizedRequestWhenTheSignInIsRefused();

	static CppUnit::Test* suite();
};


#endif // HttpClientTest_INCLUDED
