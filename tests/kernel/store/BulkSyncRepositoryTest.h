//
// BulkSyncRepositoryTest.h
//


#ifndef BulkSyncRepositoryTest_INCLUDED
#define BulkSyncRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BulkSyncRepositoryTest: public CppUnit::TestFixture
{
public:
	void testExtraSchedulesFallDue();
	void testNextRunTime();
	void testSchemaCancel();
	void testExecutionPages();

	static CppUnit::Test* suite();
};


#endif // BulkSyncRepositoryTest_INCLUDED
