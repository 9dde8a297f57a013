//
// SalesforceSyncTest.h
//


#ifndef SalesforceSyncTest_INCLUDED
#define SalesforceSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SalesforceSyncTest: public CppUnit::TestFixture
{
public:
	void testHarness();
	void testModelSyncUpsertsOnExternalId();
	void testBulkSyncIntoPostgresIncremental();
	void testDailyShareStopsTheRun();

	static CppUnit::Test* suite();
};


#endif // SalesforceSyncTest_INCLUDED
