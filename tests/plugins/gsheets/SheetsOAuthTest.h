//
// SheetsOAuthTest.h
//


#ifndef SheetsOAuthTest_INCLUDED
#define SheetsOAuthTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SheetsOAuthTest: public CppUnit::TestFixture
{
public:
	void testSignInThroughTheApi();
	void testRunOutlivesItsAccessToken();
	void testRevokedRefreshTokenAsksForReconnect();

	static CppUnit::Test* suite();
};


#endif // SheetsOAuthTest_INCLUDED
