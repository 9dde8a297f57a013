//
// CsvWriteTest.h
//


#ifndef CsvWriteTest_INCLUDED
#define CsvWriteTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class CsvWriteTest: public CppUnit::TestFixture
{
public:
	void testSnapshotReplacesAtOnce();
	void testAppendKeepsTheHeader();
	void testValuesReadBackAsWritten();

	static CppUnit::Test* suite();
};


#endif // CsvWriteTest_INCLUDED
