//
// RateBudgetRepositoryTest.h
//


#ifndef RateBudgetRepositoryTest_INCLUDED
#define RateBudgetRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RateBudgetRepositoryTest: public CppUnit::TestFixture
{
public:
	void testProcessesNeverShareASlot();
	void testDailyQuota();

	static CppUnit::Test* suite();
};


#endif // RateBudgetRepositoryTest_INCLUDED
