//
// Driver.cpp
//
// The test runner of kernel/engine.
//


#include "BulkSyncServiceTest.h"
#include "ConfigurationSchemaTest.h"
#include "ConnectionServiceTest.h"
#include "ErrorNotificationsTest.h"
#include "MailSenderTest.h"
#include "ModelServiceTest.h"
#include "JobRunnerTest.h"
#include "ScheduleTest.h"
#include "SchemaServiceTest.h"
#include "WebhookServiceTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Engine");
	suite->addTest(ConfigurationSchemaTest::suite());
	suite->addTest(ConnectionServiceTest::suite());
	suite->addTest(ModelServiceTest::suite());
	suite->addTest(ScheduleTest::suite());
	suite->addTest(SchemaServiceTest::suite());
	suite->addTest(WebhookServiceTest::suite());
	suite->addTest(MailSenderTest::suite());
	suite->addTest(ErrorNotificationsTest::suite());
	suite->addTest(BulkSyncServiceTest::suite());
	suite->addTest(JobRunnerTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
