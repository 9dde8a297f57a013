//
// Driver.cpp
//
// The test runner of kernel/telemetry.
//


#include "LogFormatterTest.h"
#include "MetricsTest.h"
#include "SentryReporterTest.h"
#include "TracerTest.h"
#include "UrlRedactionTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Telemetry");
	suite->addTest(LogFormatterTest::suite());
	suite->addTest(MetricsTest::suite());
	suite->addTest(SentryReporterTest::suite());
	suite->addTest(TracerTest::suite());
	suite->addTest(UrlRedactionTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
