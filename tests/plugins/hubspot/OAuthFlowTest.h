//
// OAuthFlowTest.h
//


#ifndef OAuthFlowTest_INCLUDED
#define OAuthFlowTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class OAuthFlowTest: public CppUnit::TestFixture
{
public:
	void testSignInThroughTheApi();
	void testStateUsedOnceAndByItsUser();
	void testCreateWithRedirectUrl();
	void testWithoutTheOAuthApp();

	static CppUnit::Test* suite();
};


#endif // OAuthFlowTest_INCLUDED
