//
// ModelServiceTest.h
//


#ifndef ModelServiceTest_INCLUDED
#define ModelServiceTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ModelServiceTest: public CppUnit::TestFixture
{
public:
	void testBoundedKeepsWhatFits();
	void testBoundedUntouchedWhenSmall();

	static CppUnit::Test* suite();
};


#endif // ModelServiceTest_INCLUDED
