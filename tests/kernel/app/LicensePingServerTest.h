//
// LicensePingServerTest.h
//


#ifndef LicensePingServerTest_INCLUDED
#define LicensePingServerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicensePingServerTest: public CppUnit::TestFixture
{
public:
	void testPingCarriesNoPersonalData();
	void testRevokedByPing();
	void testRevocationSurvivesRestart();
	void testServiceDownChangesNothing();
	void testEvaluationSendsNothing();

	static CppUnit::Test* suite();
};


#endif // LicensePingServerTest_INCLUDED
