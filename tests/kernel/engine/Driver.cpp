//
// Driver.cpp
//
// The test runner of kernel/engine.
//


#include "ConfigurationSchemaTest.h"
#include "ConnectionServiceTest.h"
#include "QueryRunnerTest.h"
#include "ScheduleTest.h"
#include "SchemaServiceTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Engine");
	suite->addTest(ConfigurationSchemaTest::suite());
	suite->addTest(ConnectionServiceTest::suite());
	suite->addTest(QueryRunnerTest::suite());
	suite->addTest(ScheduleTest::suite());
	suite->addTest(SchemaServiceTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
