//
// CsvSyncTest.h
//


#ifndef CsvSyncTest_INCLUDED
#define CsvSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class CsvSyncTest: public CppUnit::TestFixture
{
public:
	void testBulkSyncIntoPostgres();
	void testModelSyncIntoCsvFile();
	void testHarness();
	void testLargeFileMemoryFlat();

	static CppUnit::Test* suite();
};


#endif // CsvSyncTest_INCLUDED
