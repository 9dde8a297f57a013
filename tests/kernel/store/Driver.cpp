//
// Driver.cpp
//
// The test runner of kernel/store.
//


#include "BulkSyncRepositoryTest.h"
#include "DatabaseTest.h"
#include "EventRepositoryTest.h"
#include "ExecutionQueueTest.h"
#include "JobRepositoryTest.h"
#include "MigratorTest.h"
#include "OrganizationRepositoryTest.h"
#include "RateBudgetRepositoryTest.h"
#include "SchemaRepositoryTest.h"
#include "RecordLogFilesTest.h"
#include "SecretBoxTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Store");
	suite->addTest(BulkSyncRepositoryTest::suite());
	suite->addTest(DatabaseTest::suite());
	suite->addTest(EventRepositoryTest::suite());
	suite->addTest(ExecutionQueueTest::suite());
	suite->addTest(MigratorTest::suite());
	suite->addTest(OrganizationRepositoryTest::suite());
	suite->addTest(SchemaRepositoryTest::suite());
	suite->addTest(SecretBoxTest::suite());
	suite->addTest(JobRepositoryTest::suite());
	suite->addTest(RecordLogFilesTest::suite());
	suite->addTest(RateBudgetRepositoryTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
