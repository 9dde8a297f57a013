//
// Driver.cpp
//
// The test runner of kernel/app: the polytomic binary run as real processes,
// through docker/entrypoint.sh as the container runs it.
//


#include "CommandsTest.h"
#include "ConcurrentReadsTest.h"
#include "JobsApiTest.h"
#include "ConnectionsApiTest.h"
#include "ErrorReportingTest.h"
#include "LicensePingServerTest.h"
#include "LicenseStartupTest.h"
#include "MetricsApiTest.h"
#include "TracingTest.h"
#include "IdentityApiTest.h"
#include "RequestValidationTest.h"
#include "ServerProcessTest.h"
#include "SignInTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("App");
	suite->addTest(CommandsTest::suite());
	suite->addTest(ServerProcessTest::suite());
	suite->addTest(ConnectionsApiTest::suite());
	suite->addTest(LicenseStartupTest::suite());
	suite->addTest(MetricsApiTest::suite());
	suite->addTest(LicensePingServerTest::suite());
	suite->addTest(ErrorReportingTest::suite());
	suite->addTest(TracingTest::suite());
	suite->addTest(IdentityApiTest::suite());
	suite->addTest(SignInTest::suite());
	suite->addTest(RequestValidationTest::suite());
	suite->addTest(ConcurrentReadsTest::suite());
	suite->addTest(JobsApiTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
