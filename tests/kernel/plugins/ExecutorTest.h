//
// ExecutorTest.h
//


#ifndef ExecutorTest_INCLUDED
#define ExecutorTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ExecutorTest: public CppUnit::TestFixture
{
public:
	void testSpecCheckDiscover();
	void testConnectorErrorsAreItsMessages();
	void testPluginsSeeNoServerSecret();
	void testExecutorHoldsOnlyItsPipes();
	void testKilledFromOutsideIsNotOutOfMemory();
	void testKilledNearItsMemoryLimitIsOutOfMemory();
	void testLyingBatchesAreRefused();
	void testReadAndResume();
	void testACutValueIsReported();
	void testReadAnswerIsBounded();
	void testWriteReportsEveryRecord();
	void testSegfaultInRead();
	void testHangInRead();
	void testLimitsComeFromTheConfiguration();
	void testUnboundedAllocationInRead();
	void testCancellation();
	void testRefusedPlugin();
	void testPluginOutputCannotForgeTheAnswer();
	void testExitWithoutAnswer();
	void testCopy();
	void testCopyCrashCommitsNothing();

	static CppUnit::Test* suite();
};


#endif // ExecutorTest_INCLUDED
