//
// RouterTest.cpp
//


#include "RouterTest.h"
#include "http/HttpError.h"
#include "RunningServer.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::http;
using polytomic::test::HttpProbe;


void RouterTest::testPathParameters()
{
	Router router;
	router.add("GET", "/api/connections/{id}", [](Exchange& e) { e.sendText(200, "one " + e.parameter("id")); });
	router.add("GET", "/api/connections", [](Exchange& e) { e.sendText(200, "list"); });
	router.add("GET", "/api/syncs/{sync_id}/executions/{id}", [](Exchange& e) {
		e.sendText(200, e.parameter("sync_id") + "/" + e.parameter("id"));
	});
	router.add("GET", "/api/models/{id}/sample", [](Exchange& e) { e.sendText(200, e.route()); });
	RunningServer running(router);
	// The route template, for the access rule and the audit log.
	CPPUNIT_ASSERT_EQUAL(std::string("/api/models/{id}/sample"), HttpProbe::get(running.port(), "/api/models/m1/sample").body);
	CPPUNIT_ASSERT_EQUAL(std::string("one abc-1"), HttpProbe::get(running.port(), "/api/connections/abc-1").body);
	CPPUNIT_ASSERT_EQUAL(std::string("list"), HttpProbe::get(running.port(), "/api/connections?limit=5").body);
	CPPUNIT_ASSERT_EQUAL(std::string("s 1/e2"), HttpProbe::get(running.port(), "/api/syncs/s%201/executions/e2").body);
}


void RouterTest::testNotFoundAndMethodNotAllowed()
{
	Router router;
	router.add("GET", "/api/things", [](Exchange& e) { e.sendText(200, "ok"); });
	RunningServer running(router);
	auto missing = HttpProbe::get(running.port(), "/api/nothing");
	CPPUNIT_ASSERT_EQUAL(404, missing.status);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":404,\"key\":\"not_found\",\"message\":\"no resource at /api/nothing\",\"metadata\":{}}"),
		missing.body);
	CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), missing.headers["Content-Type"]);
	auto wrongMethod = HttpProbe::request(running.port(), "DELETE", "/api/things");
	CPPUNIT_ASSERT_EQUAL(405, wrongMethod.status);
	CPPUNIT_ASSERT(wrongMethod.body.find("\"key\":\"method_not_allowed\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::request(running.port(), "HEAD", "/api/things").status);
}


void RouterTest::testTrailingSlashRedirectsToPublicUrl()
{
	Router router;
	router.add("GET", "/api/things", [](Exchange& e) { e.sendText(200, "ok"); });
	RunningServer running(router);
	// Behind a TLS-terminating proxy the Host header names the upstream; the Location must not.
	auto reply = HttpProbe::request(running.port(), "GET", "/api/things/?limit=2", "",
		{{"Host", "10.0.0.7:5100"}, {"X-Forwarded-Proto", "http"}});
	CPPUNIT_ASSERT_EQUAL(308, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("https://polytomic.acme.com/api/things?limit=2"), reply.headers["Location"]);
	CPPUNIT_ASSERT_EQUAL(404, HttpProbe::get(running.port(), "/api/other/").status);
}


void RouterTest::testRouteOf()
{
	Router router;
	router.add("GET", "/api/connections/{id}", [](Exchange&) {});
	CPPUNIT_ASSERT_EQUAL(std::string("/api/connections/{id}"), router.routeOf("GET", "/api/connections/42"));
	CPPUNIT_ASSERT_EQUAL(std::string(""), router.routeOf("POST", "/api/connections/42"));
	CPPUNIT_ASSERT_EQUAL(std::string(""), router.routeOf("GET", "/api/connections"));
}


void RouterTest::testUuidParametersAreCaseInsensitive()
{
	Router router;
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}", [](Exchange& e) {
		e.sendText(200, e.parameter("id") + " " + e.parameter("exec_id"));
	});
	RunningServer running(router);
	// Stored ids are lower case; a UUID is the same in any case (RFC 9562), so every route gets it in lower case.
	CPPUNIT_ASSERT_EQUAL(std::string("0b7e5a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c 9f8e7d6c-5b4a-4321-8fed-cba987654321"),
		HttpProbe::get(running.port(), "/api/syncs/0B7E5A2C-1D3F-4E6A-9B8C-7D6E5F4A3B2C/executions/9F8E7D6C-5b4a-4321-8FED-cba987654321").body);
	// Anything else stays as sent.
	CPPUNIT_ASSERT_EQUAL(std::string("Sync-A E2"), HttpProbe::get(running.port(), "/api/syncs/Sync-A/executions/E2").body);
}


CppUnit::Test* RouterTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RouterTest");
	POLYTOMIC_ADD_TEST(suite, RouterTest, testPathParameters);
	POLYTOMIC_ADD_TEST(suite, RouterTest, testNotFoundAndMethodNotAllowed);
	POLYTOMIC_ADD_TEST(suite, RouterTest, testTrailingSlashRedirectsToPublicUrl);
	POLYTOMIC_ADD_TEST(suite, RouterTest, testRouteOf);
	POLYTOMIC_ADD_TEST(suite, RouterTest, testUuidParametersAreCaseInsensitive);
	return suite;
}
