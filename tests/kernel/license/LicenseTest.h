//
// LicenseTest.h
//


#ifndef LicenseTest_INCLUDED
#define LicenseTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicenseTest: public CppUnit::TestFixture
{
public:
	void testEndOfDay();
	void testEntitlementsAbsentMeanUnlimited();
	void testEntitlements();
	void testStatusValidUntilTheLastSecond();
	void testStatusDaysLeftInGrace();
	void testStatusPastGrace();
	void testIssuerRefusesIncompleteLicense();
	void testIssuerRefusesBadKey();

	static CppUnit::Test* suite();
};


#endif // LicenseTest_INCLUDED
