//
// MigratorTest.h
//


#ifndef MigratorTest_INCLUDED
#define MigratorTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class MigratorTest: public CppUnit::TestFixture
{
public:
	void testEmbeddedMigrations();
	void testBadFileNames();
	void testFreshDatabase();
	void testRerunIsNoop();
	void testPendingChangesNothing();
	void testNewMigrationAppliedLater();
	void testConcurrentMigratorsApplyOnce();
	void testChangedMigrationRefused();
	void testUnknownAppliedMigrationRefused();
	void testFailedMigrationRollsBack();
	void testDollarParametersInFunctionBodies();
	void testInsufficientPrivilege();

	static CppUnit::Test* suite();
};


#endif // MigratorTest_INCLUDED
