//
// Driver.cpp
//
// The test runner of the Webhook connector (plugins/webhook), against the fake receiver.
//


#include "WebhookSyncTest.h"
#include "WebhookWriterTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("WebhookConnector");
	suite->addTest(WebhookWriterTest::suite());
	suite->addTest(WebhookSyncTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
