//
// SentryReporterTest.h
//


#ifndef SentryReporterTest_INCLUDED
#define SentryReporterTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SentryReporterTest: public CppUnit::TestFixture
{
public:
	void testDsn();
	void testScrub();
	void testEnvelope();
	void testLoggedErrorsReachSentry();
	void testUnreachableSentryNeverBlocks();

	static CppUnit::Test* suite();
};


#endif // SentryReporterTest_INCLUDED
