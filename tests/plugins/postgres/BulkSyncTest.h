//
// BulkSyncTest.h
//


#ifndef BulkSyncTest_INCLUDED
#define BulkSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BulkSyncTest: public CppUnit::TestFixture
{
public:
	void testSnapshotAndReplicateThroughTheApi();
	void testWorkersKilledMidSync();
	void testEventsAndSignedWebhooks();
	void testSchedulerAndRunAfter();

	static CppUnit::Test* suite();
};


#endif // BulkSyncTest_INCLUDED
