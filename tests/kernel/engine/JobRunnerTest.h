//
// JobRunnerTest.h
//


#ifndef JobRunnerTest_INCLUDED
#define JobRunnerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class JobRunnerTest: public CppUnit::TestFixture
{
public:
	void testAJobEndsWithItsResult();
	void testAFailedJobSaysWhy();
	void testTheQueueIsBounded();
	void testOneCallerCannotFillTheQueue();
	void testAFreeThreadTakesAnotherCallersJob();
	void testOneOrganizationCannotFillThePlaces();
	void testSlowJobsDoNotTakeEveryThread();
	void testPerformWaitsForItsResult();

	static CppUnit::Test* suite();
};


#endif // JobRunnerTest_INCLUDED
