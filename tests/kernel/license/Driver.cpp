//
// Driver.cpp
//
// The test runner of kernel/license.
//


#include "LicenseGateTest.h"
#include "LicensePingTest.h"
#include "LicenseTest.h"
#include "LicenseToolTest.h"
#include "LicenseVerifierTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("License");
	suite->addTest(LicenseTest::suite());
	suite->addTest(LicenseVerifierTest::suite());
	suite->addTest(LicenseToolTest::suite());
	suite->addTest(LicenseGateTest::suite());
	suite->addTest(LicensePingTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
