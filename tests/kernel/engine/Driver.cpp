//
// Driver.cpp
//
// The test runner of kernel/engine.
//


#include "ConfigurationSchemaTest.h"
#include "ErrorNotificationsTest.h"
#include "MailSenderTest.h"
#include "JobRunnerTest.h"
#include "ScheduleTest.h"
#include "WebhookServiceTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Engine");
	suite->addTest(ConfigurationSchemaTest::suite());
	suite->addTest(ScheduleTest::suite());
	suite->addTest(WebhookServiceTest::suite());
	suite->addTest(MailSenderTest::suite());
	suite->addTest(ErrorNotificationsTest::suite());
	suite->addTest(JobRunnerTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
