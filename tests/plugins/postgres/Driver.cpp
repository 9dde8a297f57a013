//
// Driver.cpp
//
// The test runner of the PostgreSQL connector (plugins/postgres), loaded as
// the server loads it.
//


#include "BulkSyncTest.h"
#include "CopyTest.h"
#include "DiscoverTest.h"
#include "ModelSqlTest.h"
#include "ModelSyncTest.h"
#include "ReadTest.h"
#include "RoundTripTest.h"
#include "SpecCheckTest.h"
#include "StoredSecretTest.h"
#include "VolumeTest.h"
#include "WriteTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("PostgresConnector");
	suite->addTest(SpecCheckTest::suite());
	suite->addTest(DiscoverTest::suite());
	suite->addTest(ReadTest::suite());
	suite->addTest(WriteTest::suite());
	suite->addTest(RoundTripTest::suite());
	suite->addTest(VolumeTest::suite());
	suite->addTest(CopyTest::suite());
	suite->addTest(BulkSyncTest::suite());
	suite->addTest(ModelSyncTest::suite());
	suite->addTest(StoredSecretTest::suite());
	suite->addTest(ModelSqlTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
