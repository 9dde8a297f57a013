//
// WriteTest.h
//


#ifndef WriteTest_INCLUDED
#define WriteTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class WriteTest: public CppUnit::TestFixture
{
public:
	void testAppendCreatesTable();
	void testCreate();
	void testUpdate();
	void testUpdateOrCreate();
	void testReplace();
	void testRemove();
	void testSnapshot();
	void testIdempotence();
	void testQuotedIdentifiers();
	void testAddsMissingColumns();
	void testWidensItsOwnTablesOnly();
	void testPerRecordErrors();
	void testManyRowsFewBad();
	void testUpsertNeedsUniqueIndex();
	void testBadRequests();
	void testSchemaCreatedMeanwhile();

	static CppUnit::Test* suite();
};


#endif // WriteTest_INCLUDED
