//
// StatusHandlersTest.h
//


#ifndef StatusHandlersTest_INCLUDED
#define StatusHandlersTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class StatusHandlersTest: public CppUnit::TestFixture
{
public:
	void testLivenessNeedsNoDatabase();
	void testReadiness();
	void testReadinessWithoutDatabase();

	static CppUnit::Test* suite();
};


#endif // StatusHandlersTest_INCLUDED
