//
// Driver.cpp
//
// The test runner of kernel/auth.
//


#include "FailureLimiterTest.h"
#include "IdTokenVerifierTest.h"
#include "RoleTest.h"
#include "SecretTokenTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Auth");
	suite->addTest(RoleTest::suite());
	suite->addTest(SecretTokenTest::suite());
	suite->addTest(FailureLimiterTest::suite());
	suite->addTest(IdTokenVerifierTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
