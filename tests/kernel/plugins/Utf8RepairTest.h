//
// Utf8RepairTest.h
//


#ifndef Utf8RepairTest_INCLUDED
#define Utf8RepairTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class Utf8RepairTest: public CppUnit::TestFixture
{
public:
	void testValidTextIsUnchanged();
	void testInvalidSequencesAreReplaced();

	static CppUnit::Test* suite();
};


#endif // Utf8RepairTest_INCLUDED
