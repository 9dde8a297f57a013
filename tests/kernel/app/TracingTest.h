//
// TracingTest.h
//


#ifndef TracingTest_INCLUDED
#define TracingTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class TracingTest: public CppUnit::TestFixture
{
public:
	void testRequestsExecutionsAndQueriesReachTheAgent();
	void testUnreachableAgentCostsNothing();

	static CppUnit::Test* suite();
};


#endif // TracingTest_INCLUDED
