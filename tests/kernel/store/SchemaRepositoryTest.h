//
// SchemaRepositoryTest.h
//


#ifndef SchemaRepositoryTest_INCLUDED
#define SchemaRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SchemaRepositoryTest: public CppUnit::TestFixture
{
public:
	void testUserFieldsUpsertedByFieldId();
	void testConcurrentUpsertsKeepEveryField();
	void testRemoveUserField();
	void testPrimaryKeyOverride();
	void testRefreshStartIsRecorded();
	void testRefreshedAtIsTheCatalogsVersion();

	static CppUnit::Test* suite();
};


#endif // SchemaRepositoryTest_INCLUDED
