//
// LicensePingTest.h
//


#ifndef LicensePingTest_INCLUDED
#define LicensePingTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicensePingTest: public CppUnit::TestFixture
{
public:
	void testPayloadHoldsCountsAndIdsOnly();
	void testRetryDelays();
	void testBackoffUntilTheServiceAnswers();
	void testRevokedAnswer();
	void testUnreachableServiceChangesNothing();
	void testUnknownAnswerIsAFailure();
	void testStatusChangeIsLogged();

	static CppUnit::Test* suite();
};


#endif // LicensePingTest_INCLUDED
