//
// FailureLimiterTest.h
//


#ifndef FailureLimiterTest_INCLUDED
#define FailureLimiterTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class FailureLimiterTest: public CppUnit::TestFixture
{
public:
	void testBlocksAfterTooManyFailures();
	void testWindowSlides();

	static CppUnit::Test* suite();
};


#endif // FailureLimiterTest_INCLUDED
