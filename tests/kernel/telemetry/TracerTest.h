//
// TracerTest.h
//


#ifndef TracerTest_INCLUDED
#define TracerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class TracerTest: public CppUnit::TestFixture
{
public:
	void tearDown() override;

	void testNothingWithoutTracer();
	void testNestedSpansMakeOneTrace();
	void testQueriesOnlyInsideATrace();
	void testAgentReceivesWellFormedTraces();
	void testUnreachableAgentDropsAndNeverBlocks();

	static CppUnit::Test* suite();
};


#endif // TracerTest_INCLUDED
