//
// MetricsApiTest.h
//


#ifndef MetricsApiTest_INCLUDED
#define MetricsApiTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class MetricsApiTest: public CppUnit::TestFixture
{
public:
	void testMetricsOfARunningServer();

	static CppUnit::Test* suite();
};


#endif // MetricsApiTest_INCLUDED
