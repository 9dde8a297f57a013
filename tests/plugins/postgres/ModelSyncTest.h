//
// ModelSyncTest.h
//


#ifndef ModelSyncTest_INCLUDED
#define ModelSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ModelSyncTest: public CppUnit::TestFixture
{
public:
	void testModelsThroughTheApi();
	void testSchemasOfAConnection();
	void testUpdateOrCreateWithChangeDetection();
	void testEveryMode();
	void testFiltersOverridesTestRunsAndIdentities();
	void testRejectedRecordsAreRetried();
	void testLongRejectionsInOtherScripts();
	void testRunAfterAndSchedules();
	void testCancelMidway();
	void testKilledExecutorsAndWorkers();
	void testCancelUnknownExecutionAndUpperCaseIds();
	void testFailedRunEmailsSubscribers();

	static CppUnit::Test* suite();
};


#endif // ModelSyncTest_INCLUDED
