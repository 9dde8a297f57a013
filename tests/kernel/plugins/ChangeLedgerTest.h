//
// ChangeLedgerTest.h
//


#ifndef ChangeLedgerTest_INCLUDED
#define ChangeLedgerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ChangeLedgerTest: public CppUnit::TestFixture
{
public:
	void testFindsEachIdentity();
	void testSharedKeyIsNotTheSameIdentity();
	void testSnapshotKeepsARecordWhoseKeyIsShared();

	static CppUnit::Test* suite();
};


#endif // ChangeLedgerTest_INCLUDED
