//
// SignInTest.h
//


#ifndef SignInTest_INCLUDED
#define SignInTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SignInTest: public CppUnit::TestFixture
{
public:
	void testGoogleSignIn();
	void testRefusedSignIns();
	void testSignInsAndTheDeploymentKeyHaveSeparateBudgets();
	void testKeyRotation();
	void testOtherProvider();
	void testClaimsFromUserInfo();
	void testCsrfAndLogout();
	void testSessionExpiry();
	void testLoginLinks();
	void testEvaluationLink();
	void testProviderUnreachable();

	static CppUnit::Test* suite();
};


#endif // SignInTest_INCLUDED
