//
// QueryResultRepositoryTest.h
//


#ifndef QueryResultRepositoryTest_INCLUDED
#define QueryResultRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class QueryResultRepositoryTest: public CppUnit::TestFixture
{
public:
	void testRunningThenDone();
	void testScopedByOrganization();
	void testExpiredAreGone();

	static CppUnit::Test* suite();
};


#endif // QueryResultRepositoryTest_INCLUDED
