//
// ErrorReportingTest.h
//


#ifndef ErrorReportingTest_INCLUDED
#define ErrorReportingTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ErrorReportingTest: public CppUnit::TestFixture
{
public:
	void testUnexpectedErrorReachesSentryWithoutSecrets();

	static CppUnit::Test* suite();
};


#endif // ErrorReportingTest_INCLUDED
