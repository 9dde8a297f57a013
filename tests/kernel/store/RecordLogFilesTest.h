//
// RecordLogFilesTest.h
//


#ifndef RecordLogFilesTest_INCLUDED
#define RecordLogFilesTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RecordLogFilesTest: public CppUnit::TestFixture
{
public:
	void testALogIsCutIntoFiles();

	static CppUnit::Test* suite();
};


#endif // RecordLogFilesTest_INCLUDED
