//
// ErrorReportingTest.cpp
//
// SENTRY_DSN: a running server's unexpected errors received by a fake Sentry.
//


#include "ErrorReportingTest.h"
#include "LicensedServer.h"
#include "fakes/FakeSentry.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using namespace polytomic::test;
using std::chrono::milliseconds;


void ErrorReportingTest::testUnexpectedErrorReachesSentryWithoutSecrets()
{
	TestDatabase db("sentry");
	FakeSentry sentry;
	const unsigned port = TestEnvironment::freePort();
	auto env = licensedEnvironment(db, port, "");
	env.erase("DEPLOYMENT_KEY");
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["SENTRY_DSN"] = sentry.dsn();
	env["ROLE"] = "web";
	env["DD_ENV"] = "staging";
	auto server = startServer(env);
	const ApiClient api(db, port);

	// A connection whose connector crashes its executor when read: an unexpected error for the caller.
	HttpReply created = api.call("POST", "/api/connections", R"({"name": "Numbers", "type": "test_good", "configuration":
		{"rows": 5, "fail_at": 1, "behaviour": "segfault", "token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
	const std::string connection = json::Value::parse(created.body)["data"].getString("id");
	HttpReply failed = api.call("POST", "/api/model-preview", "{\"connection_id\": \"" + connection +
		"\", \"configuration\": {\"table\": \"numbers\"}}");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.body, 500, failed.status);

	CPPUNIT_ASSERT_MESSAGE(server->output(), sentry.waitForRequests(1, milliseconds(10000)));
	for (const auto& request: sentry.requests())
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request.body, std::string(""), FakeSentry::check(request));
	const auto events = sentry.events();
	CPPUNIT_ASSERT(!events.empty());
	const json::Value event = json::Value::parse(events.front());
	CPPUNIT_ASSERT_EQUAL(std::string("error"), event.getString("level"));
	CPPUNIT_ASSERT_EQUAL(std::string("staging"), event.getString("environment"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic@") + POLYTOMIC_VERSION, event.getString("release"));
	CPPUNIT_ASSERT_EQUAL(failed.headers["X-Request-Id"], event["tags"].getString("request_id"));
	CPPUNIT_ASSERT_MESSAGE(events.front(), event["message"].getString("formatted").find("the connector crashed") != std::string::npos);
	CPPUNIT_ASSERT(event["exception"]["values"][0]["stacktrace"]["frames"].size() > 0);
	for (const auto& request: sentry.requests())
		for (const std::string& secret: {std::string("tok-secret-123"), TEST_API_KEY,
			std::string("YWFhYWFh"), db.url()})
		{
			CPPUNIT_ASSERT_MESSAGE(secret + " sent to Sentry: " + request.body, request.body.find(secret) == std::string::npos);
		}
}


CppUnit::Test* ErrorReportingTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ErrorReportingTest");
	POLYTOMIC_ADD_TEST(suite, ErrorReportingTest, testUnexpectedErrorReachesSentryWithoutSecrets);
	return suite;
}
