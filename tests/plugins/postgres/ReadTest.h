//
// ReadTest.h
//


#ifndef ReadTest_INCLUDED
#define ReadTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ReadTest: public CppUnit::TestFixture
{
public:
	void testReadTableInBatches();
	void testReadFields();
	void testReadQuery();
	void testQueryOnlyReads();
		/// A model's SQL cannot write: one statement only, in a read-only transaction.
	void testQueryTimeout();
	void testQueryEndsWithItsReader();
		/// A reader killed mid-query (an executor past its time) does not leave the query running.
	void testIncrementalResume();
	void testIncrementalNeverSplitsTies();
	void testStopByConsumer();
	void testCancelByHost();
	void testMissingObject();

	static CppUnit::Test* suite();
};


#endif // ReadTest_INCLUDED
