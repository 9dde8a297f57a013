//
// JobsApiTest.h
//


#ifndef JobsApiTest_INCLUDED
#define JobsApiTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class JobsApiTest: public CppUnit::TestFixture
{
public:
	void testAJobIsSeenOnlyByWhoStartedIt();
	void testOneCallerCannotFillTheJobQueue();
	void testASynchronousSampleTakesAPlace();

	static CppUnit::Test* suite();
};


#endif // JobsApiTest_INCLUDED
