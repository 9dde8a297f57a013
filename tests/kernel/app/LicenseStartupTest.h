//
// LicenseStartupTest.h
//


#ifndef LicenseStartupTest_INCLUDED
#define LicenseStartupTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicenseStartupTest: public CppUnit::TestFixture
{
public:
	void testValidKeyStartsAndSchedules();
	void testVendorToolKeyStartsTheServer();
	void testForgedKeyRefusesToStart();
	void testMalformedKeyRefusesToStart();
	void testWrongDeploymentRefusesToStart();
	void testShippedBinaryRefusesTestKeys();
	void testExpiredWithinGraceWarns();
	void testPastGraceStartsNothing();
	void testSyncLimit();
	void testConnectorNotInLicence();
	void testEvaluationBanner();

	static CppUnit::Test* suite();
};


#endif // LicenseStartupTest_INCLUDED
