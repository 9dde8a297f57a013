//
// BatchTest.h
//


#ifndef BatchTest_INCLUDED
#define BatchTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BatchTest: public CppUnit::TestFixture
{
public:
	void testRoundTripEveryType();
	void testArrowLayout();
	void testBuilderIsReusable();
	void testTypeMismatchThrows();
	void testUnevenColumnsThrow();
	void testReleaseFreesTheBatch();

	static CppUnit::Test* suite();
};


#endif // BatchTest_INCLUDED
