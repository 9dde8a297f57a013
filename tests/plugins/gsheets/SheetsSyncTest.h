//
// SheetsSyncTest.h
//


#ifndef SheetsSyncTest_INCLUDED
#define SheetsSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SheetsSyncTest: public CppUnit::TestFixture
{
public:
	void testModelSyncInEachMode();
	void testBulkSyncIntoPostgres();
	void testQuotaRefusalsWriteNothingTwice();
	void testOversizedCellsAndRequests();
	void testHarness();

	static CppUnit::Test* suite();
};


#endif // SheetsSyncTest_INCLUDED
