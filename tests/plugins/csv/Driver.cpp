//
// Driver.cpp
//
// The test runner of the CSV connector (plugins/csv).
//


#include "CsvReadTest.h"
#include "CsvSyncTest.h"
#include "CsvWriteTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("CsvConnector");
	suite->addTest(CsvReadTest::suite());
	suite->addTest(CsvWriteTest::suite());
	suite->addTest(CsvSyncTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
