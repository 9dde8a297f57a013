//
// BulkSyncHandlersTest.h
//


#ifndef BulkSyncHandlersTest_INCLUDED
#define BulkSyncHandlersTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BulkSyncHandlersTest: public CppUnit::TestFixture
{
public:
	void testStatusesAreTheSdks();
	void testExecutionCountsPerSchema();
	void testExecutionLeavesOutWhatItLacks();
	void testScheduleFieldsAreStrings();
	void testScheduleFromSdk();

	static CppUnit::Test* suite();
};


#endif // BulkSyncHandlersTest_INCLUDED
