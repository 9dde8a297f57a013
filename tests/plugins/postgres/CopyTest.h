//
// CopyTest.h
//


#ifndef CopyTest_INCLUDED
#define CopyTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class CopyTest: public CppUnit::TestFixture
{
public:
	void testCopyBetweenDatabases();
	void testRejectedRecordsAreReported();
	void testMillionRowCopy();

	static CppUnit::Test* suite();
};


#endif // CopyTest_INCLUDED
