//
// ParseBudgetTest.h
//


#ifndef ParseBudgetTest_INCLUDED
#define ParseBudgetTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ParseBudgetTest: public CppUnit::TestFixture
{
public:
	void testSharesAreGivenBack();
	void testWaitsThenRefuses();
	void testAWaitingRequestGetsFreedShare();
	void testLargerThanTheBudget();
	void testCost();

	static CppUnit::Test* suite();
};


#endif // ParseBudgetTest_INCLUDED
