//
// SheetsReadTest.h
//


#ifndef SheetsReadTest_INCLUDED
#define SheetsReadTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SheetsReadTest: public CppUnit::TestFixture
{
public:
	void testDiscoveryThroughDrivePages();
	void testRangeAsRecords();
	void testTypesStableAsRowsGrow();

	static CppUnit::Test* suite();
};


#endif // SheetsReadTest_INCLUDED
