//
// Driver.cpp
//
// The test runner of the Salesforce connector (plugins/salesforce) and of the
// server's OAuth sign-in of its connections (both flows), against the Salesforce fake.
//


#include "SalesforceOAuthTest.h"
#include "SalesforceSyncTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("SalesforceConnector");
	suite->addTest(SalesforceOAuthTest::suite());
	suite->addTest(SalesforceSyncTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
