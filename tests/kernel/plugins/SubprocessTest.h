//
// SubprocessTest.h
//


#ifndef SubprocessTest_INCLUDED
#define SubprocessTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SubprocessTest: public CppUnit::TestFixture
{
public:
	void testNoDescriptorLeaksWhenDescriptorsRunOut();
	void testChildReapedElsewhere();
	void testTimeoutStopsWhatTheChildStarted();

	static CppUnit::Test* suite();
};


#endif // SubprocessTest_INCLUDED
