//
// DatabaseTest.h
//


#ifndef DatabaseTest_INCLUDED
#define DatabaseTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class DatabaseTest: public CppUnit::TestFixture
{
public:
	void testRunsQueries();
	void testValuesWithSpacesReachPostgres();
	void testPoolWaitsForAFreeSession();
	void testPoolExhaustedGivesClearError();
	void testOpenTransactionRolledBackOnReturn();
	void testUnreachableServer();
	void testRecoversAfterPostgresRestart();

	static CppUnit::Test* suite();
};


#endif // DatabaseTest_INCLUDED
