//
// LedgerKeeperTest.h
//


#ifndef LedgerKeeperTest_INCLUDED
#define LedgerKeeperTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LedgerKeeperTest: public CppUnit::TestFixture
{
public:
	void testRecordsWhatThePipeSends();
	void testOversizedRecordIsRefused();

	static CppUnit::Test* suite();
};


#endif // LedgerKeeperTest_INCLUDED
