//
// Driver.cpp
//
// The test runner of the HubSpot connector (plugins/hubspot) and of the
// server's OAuth sign-in of connections, against the HubSpot fake.
//


#include "HubSpotReaderTest.h"
#include "HubSpotSyncTest.h"
#include "OAuthFlowTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("HubSpotConnector");
	suite->addTest(OAuthFlowTest::suite());
	suite->addTest(HubSpotSyncTest::suite());
	suite->addTest(HubSpotReaderTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
