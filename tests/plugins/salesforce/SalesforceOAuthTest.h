//
// SalesforceOAuthTest.h
//


#ifndef SalesforceOAuthTest_INCLUDED
#define SalesforceOAuthTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SalesforceOAuthTest: public CppUnit::TestFixture
{
public:
	void testWebServerFlow();
	void testClientCredentialsFlow();

	static CppUnit::Test* suite();
};


#endif // SalesforceOAuthTest_INCLUDED
