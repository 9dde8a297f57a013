//
// ExecutionQueueTest.h
//


#ifndef ExecutionQueueTest_INCLUDED
#define ExecutionQueueTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ExecutionQueueTest: public CppUnit::TestFixture
{
public:
	void testLostLeaseChangesNothing();
	void testSameWorkerEarlierAttemptIsFenced();
	void testObjectDetailKeepsWhatBatchesAdded();

	static CppUnit::Test* suite();
};


#endif // ExecutionQueueTest_INCLUDED
