//
// LicenseGateTest.h
//


#ifndef LicenseGateTest_INCLUDED
#define LicenseGateTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicenseGateTest: public CppUnit::TestFixture
{
public:
	void testValid();
	void testExpiredWithinGrace();
	void testPastGrace();
	void testRevoked();
	void testRevokedLongAgo();
	void testSyncLimit();
	void testConnectors();
	void testEvaluation();
	void testOpenRefusesBadKeys();
	void testOpenAcceptsKeyPastGrace();

	static CppUnit::Test* suite();
};


#endif // LicenseGateTest_INCLUDED
