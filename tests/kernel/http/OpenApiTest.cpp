//
// OpenApiTest.cpp
//


#include "OpenApiTest.h"
#include "http/Idempotency.h"
#include "http/OpenApi.h"
#include "http/OpenApiHandlers.h"
#include "RunningServer.h"
#include "support/HttpProbe.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/TemporaryFile.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <set>


using namespace polytomic;
using namespace polytomic::http;


namespace
{
	const OpenApi::Descriptions described{
		R"({"operations": [
			{"method": "GET", "path": "/api/syncs/{syncId}/executions", "operation": {"operationId": "modelSync.executions.list", "summary": "Runs.", "responses": {}}},
			{"method": "POST", "path": "/api/connections/connect/", "operation": {"operationId": "connections.connect", "responses": {}}},
			{"method": "DELETE", "path": "/api/gone", "operation": {"operationId": "gone.remove", "responses": {}}}]})",
		R"({"operations": [{"method": "GET", "path": "/status.txt", "operation": {"operationId": "status.liveness", "responses": {}}}]})",
		R"({"schemas": {"ApiError": {"type": "object"}}, "responses": {}})",
	};


	json::Value documentOf(const OpenApi& openApi)
	{
		return json::Value::parse(openApi.document());
	}
}


void OpenApiTest::testEveryRouteIsInTheDocument()
{
	const std::vector<Router::Entry> routes{{"GET", "/status.txt"}, {"GET", "/api/syncs/{id}/executions"}, {"POST", "/api/connections/connect"}};
	const json::Value document = documentOf(OpenApi(routes, "1.2.3", described));
	CPPUNIT_ASSERT_EQUAL(std::string("3.1.0"), document.getString("openapi"));
	CPPUNIT_ASSERT_EQUAL(std::string("1.2.3"), document["info"].getString("version"));
	CPPUNIT_ASSERT_EQUAL(std::string("status.liveness"), document["paths"]["/status.txt"]["get"].getString("operationId"));
	CPPUNIT_ASSERT_EQUAL(std::string("modelSync.executions.list"), document["paths"]["/api/syncs/{id}/executions"]["get"].getString("operationId"));
	// A trailing slash in the SDK's path is the same route (the router redirects it).
	const json::Value& connect = document["paths"]["/api/connections/connect"]["post"];
	CPPUNIT_ASSERT_EQUAL(std::string("connections.connect"), connect.getString("operationId"));
	bool idempotencyKey = false;
	for (const json::Value& parameter: connect["parameters"].items())
		idempotencyKey = idempotencyKey || parameter.getString("$ref") == "#/components/parameters/IdempotencyKey";
	CPPUNIT_ASSERT(idempotencyKey);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), document["paths"].size());
	CPPUNIT_ASSERT(document["components"]["schemas"].has("ApiError"));
	CPPUNIT_ASSERT(document["components"]["parameters"].has("XPolytomicVersion"));
}


void OpenApiTest::testUndocumentedRouteIsNamed()
{
	const OpenApi openApi({{"GET", "/status.txt"}, {"PUT", "/api/syncs/{id}/executions"}}, "1", described);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), openApi.undocumented().size());
	CPPUNIT_ASSERT_EQUAL(std::string("PUT /api/syncs/{id}/executions"), openApi.undocumented()[0]);
	// Still in the document (the route exists), marked so that a test and a reader see it.
	const json::Value document = documentOf(openApi);
	CPPUNIT_ASSERT(document["paths"]["/api/syncs/{id}/executions"]["put"].getBool("x-polytomic-undocumented", false));
	CPPUNIT_ASSERT_EQUAL(std::string("PUT /api/syncs/{id}/executions"), document["x-polytomic-undocumented"][0].asString());
}


void OpenApiTest::testUnroutedDescriptionIsNamed()
{
	const OpenApi openApi({{"GET", "/status.txt"}, {"GET", "/api/syncs/{id}/executions"}}, "1", described);
	const std::set<std::string> unrouted(openApi.unrouted().begin(), openApi.unrouted().end());
	CPPUNIT_ASSERT(unrouted == (std::set<std::string>{"DELETE /api/gone", "POST /api/connections/connect/"}));
	CPPUNIT_ASSERT(!documentOf(openApi)["paths"].has("/api/gone"));
}


void OpenApiTest::testPathParametersAreTheRoutersNames()
{
	const json::Value document = documentOf(OpenApi({{"GET", "/api/syncs/{sync}/executions"}}, "1", described));
	const json::Value& parameters = document["paths"]["/api/syncs/{sync}/executions"]["get"]["parameters"];
	CPPUNIT_ASSERT_EQUAL(std::string("sync"), parameters[0].getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::string("path"), parameters[0].getString("in"));
	CPPUNIT_ASSERT(parameters[0].getBool("required", false));
	CPPUNIT_ASSERT_EQUAL(OpenApi::shapeOf("GET", "/api/syncs/{}/executions"), OpenApi::shapeOf("GET", "/api/syncs/{syncId}/executions/"));
}


void OpenApiTest::testEmbeddedDescriptionsHaveEverySdkMethod()
{
	const OpenApi::Descriptions embedded = OpenApi::embedded();
	const json::Value sdk = json::Value::parse(embedded.sdkOperations);
	CPPUNIT_ASSERT_EQUAL(std::size_t(114), sdk["operations"].size());
	std::set<std::string> shapes;
	for (const json::Value& entry: sdk["operations"].items()) shapes.insert(OpenApi::shapeOf(entry.getString("method"), entry.getString("path")));
	CPPUNIT_ASSERT_EQUAL(std::size_t(114), shapes.size());
	CPPUNIT_ASSERT(json::Value::parse(embedded.components)["schemas"].size() > 200);
	// The server's own routes in the table of a started server are covered by the compat suite
	// (tests/compat/groups/conventions.mjs), which has every handler registered.
	const OpenApi openApi({{"GET", "/api/me"}, {"GET", "/api/openapi.json"}, {"POST", "/api/organization/keys"}}, "1");
	CPPUNIT_ASSERT(openApi.undocumented().empty());
}


void OpenApiTest::testServerSchemasExtendTheSdks()
{
	// The embedded document: the connection types' answer lists refused plugins with what they declare.
	const json::Value embedded = documentOf(OpenApi({{"GET", "/api/connection_types"}}, "1"));
	const json::Value& schemas = embedded["components"]["schemas"];
	CPPUNIT_ASSERT(schemas["ConnectionTypeResponseEnvelope"]["properties"].has("data")); // the SDK's, kept
	CPPUNIT_ASSERT_EQUAL(std::string("#/components/schemas/RefusedPlugin"),
		schemas["ConnectionTypeResponseEnvelope"]["properties"]["refused"]["items"].getString("$ref"));
	for (const char* property: {"file", "reason", "manifest_read", "abi_version", "sdk_version"})
		CPPUNIT_ASSERT_MESSAGE(property, schemas["RefusedPlugin"]["properties"].has(property));

	// Merged property by property; a schema the SDK lacks is added whole.
	OpenApi::Descriptions mine = described;
	mine.serverOperations = R"({"operations": [], "schemas": {"ApiError": {"properties": {"hint": {"type": "string"}}}, "Extra": {"type": "string"}}})";
	mine.components = R"({"schemas": {"ApiError": {"type": "object", "properties": {"key": {"type": "string"}}}}})";
	const json::Value document = documentOf(OpenApi({}, "1", mine));
	const json::Value& error = document["components"]["schemas"]["ApiError"];
	CPPUNIT_ASSERT_EQUAL(std::string("object"), error.getString("type"));
	CPPUNIT_ASSERT(error["properties"].has("key") && error["properties"].has("hint"));
	CPPUNIT_ASSERT_EQUAL(std::string("string"), document["components"]["schemas"]["Extra"].getString("type"));
}


void OpenApiTest::testIdempotencyKeyFormat()
{
	CPPUNIT_ASSERT(Idempotency::wellFormed("0b4f1e52-8a3e-4c3b-9b1e-1f2d3c4b5a69"));
	CPPUNIT_ASSERT(Idempotency::wellFormed("abc_DEF-"));
	CPPUNIT_ASSERT(Idempotency::wellFormed(std::string(255, 'k')));
	CPPUNIT_ASSERT(!Idempotency::wellFormed("short"));
	CPPUNIT_ASSERT(!Idempotency::wellFormed(std::string(256, 'k')));
	CPPUNIT_ASSERT(!Idempotency::wellFormed("has space"));
	CPPUNIT_ASSERT(!Idempotency::wellFormed("dot.ted.key"));
}


void OpenApiTest::testReferencePageIsServedFromWebDir()
{
	Poco::TemporaryFile webDir;
	Router router;
	router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, "me"); });
	OpenApiHandlers handlers(router, "1", webDir.path());
	handlers.registerRoutes(router);
	RunningServer running(router);
	// Not installed: 503 naming what is missing; the document works all the same.
	const auto missing = polytomic::test::HttpProbe::get(running.port(), "/api/docs");
	CPPUNIT_ASSERT_EQUAL(503, missing.status);
	CPPUNIT_ASSERT(missing.body.find(webDir.path() + "/api-docs/index.html") != std::string::npos);
	const json::Value document = json::Value::parse(polytomic::test::HttpProbe::get(running.port(), "/api/openapi.json").body);
	CPPUNIT_ASSERT(document["paths"].has("/api/me"));
	CPPUNIT_ASSERT(document["paths"].has("/api/docs/{file}"));

	Poco::File(webDir.path() + "/api-docs").createDirectories();
	Poco::FileOutputStream(webDir.path() + "/api-docs/index.html") << "<!doctype html><title>API</title>";
	Poco::FileOutputStream(webDir.path() + "/api-docs/secret.txt") << "not a page file";
	const auto page = polytomic::test::HttpProbe::get(running.port(), "/api/docs");
	CPPUNIT_ASSERT_EQUAL(200, page.status);
	CPPUNIT_ASSERT_EQUAL(std::string("<!doctype html><title>API</title>"), page.body);
	CPPUNIT_ASSERT(page.headers.at("Content-Type").find("text/html") == 0);
	CPPUNIT_ASSERT(page.headers.count("Content-Security-Policy") == 1);
	// Only the page's own file names are served, whatever else lies in the folder.
	CPPUNIT_ASSERT_EQUAL(404, polytomic::test::HttpProbe::get(running.port(), "/api/docs/secret.txt").status);
	CPPUNIT_ASSERT_EQUAL(404, polytomic::test::HttpProbe::get(running.port(), "/api/docs/..%2Fapi-docs%2Findex.html").status);
}


CppUnit::Test* OpenApiTest::suite()
{
	auto* suite = new CppUnit::TestSuite("OpenApiTest");
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testEveryRouteIsInTheDocument);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testUndocumentedRouteIsNamed);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testUnroutedDescriptionIsNamed);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testPathParametersAreTheRoutersNames);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testEmbeddedDescriptionsHaveEverySdkMethod);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testServerSchemasExtendTheSdks);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testIdempotencyKeyFormat);
	POLYTOMIC_ADD_TEST(suite, OpenApiTest, testReferencePageIsServedFromWebDir);
	return suite;
}
