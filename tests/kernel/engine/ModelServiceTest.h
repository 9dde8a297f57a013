//
// QueryRunnerTest.h
//


#ifndef QueryRunnerTest_INCLUDED
#define QueryRunnerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class QueryRunnerTest: public CppUnit::TestFixture
{
public:
	void testBoundedKeepsWhatFits();
	void testBoundedUntouchedWhenSmall();

	static CppUnit::Test* suite();
};


#endif // QueryRunnerTest_INCLUDED
