//
// Driver.cpp
//
// The test runner of kernel/plugins.
//


#include "BatchValidatorTest.h"
#include "ChangeLedgerTest.h"
#include "ConformanceHarnessTest.h"
#include "ExecutorTest.h"
#include "RecordMapperTest.h"
#include "SubprocessTest.h"
#include "HttpClientTest.h"
#include "PluginCatalogTest.h"
#include "PluginManifestTest.h"
#include "LedgerKeeperTest.h"
#include "Utf8RepairTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Plugins");
	suite->addTest(PluginManifestTest::suite());
	suite->addTest(PluginCatalogTest::suite());
	suite->addTest(BatchValidatorTest::suite());
	suite->addTest(SubprocessTest::suite());
	suite->addTest(ExecutorTest::suite());
	suite->addTest(HttpClientTest::suite());
	suite->addTest(ConformanceHarnessTest::suite());
	suite->addTest(RecordMapperTest::suite());
	suite->addTest(ChangeLedgerTest::suite());
	suite->addTest(Utf8RepairTest::suite());
	suite->addTest(LedgerKeeperTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
