//
// PaginationTest.h
//


#ifndef PaginationTest_INCLUDED
#define PaginationTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class PaginationTest: public CppUnit::TestFixture
{
public:
	void testPagesFollowTheirTokens();
	void testBadTokenIsRefused();
	void testWholeListReadsEveryBatch();
	void testWholeListBeyondItsMaximumIsRefused();

	static CppUnit::Test* suite();
};


#endif // PaginationTest_INCLUDED
