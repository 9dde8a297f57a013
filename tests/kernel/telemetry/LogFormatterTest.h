//
// LogFormatterTest.h
//


#ifndef LogFormatterTest_INCLUDED
#define LogFormatterTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LogFormatterTest: public CppUnit::TestFixture
{
public:
	void testTextLine();
	void testJsonLine();
	void testRequestIdFollowsTheThread();
	void testExecutionIdFollowsTheThread();
	void testLevels();
	void testMessageIsOneLine();

	static CppUnit::Test* suite();
};


#endif // LogFormatterTest_INCLUDED
