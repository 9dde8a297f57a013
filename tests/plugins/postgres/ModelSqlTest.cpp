//
// ModelSqlTest.cpp
//


#include "ModelSqlTest.h"
#include "ApiFixture.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using namespace polytomic::test;


void ModelSqlTest::testInjectedStatementsChangeNothing()
{
	TestDatabase app("modelsqlapp");
	TestDatabase source("modelsqlsrc");
	source.execute("CREATE TABLE victim (id integer PRIMARY KEY); INSERT INTO victim VALUES (1), (2), (3)");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web"));
	const ApiClient api = ApiClient::forOrganization(app, port);
	const std::string connectionId = createConnection(api, "Source", source);

	const auto preview = [&](const std::string& route, const std::string& query) {
		json::Value body = json::Value::object();
		body.set("name", "Injected");
		body.set("connection_id", connectionId);
		json::Value configuration = json::Value::object();
		configuration.set("query", query);
		body.set("configuration", configuration);
		return api.call("POST", route, body.dump());
	};
	for (const std::string route: {"/api/model-preview", "/api/models"})
	{
		HttpReply reply = preview(route, "SELECT 1 AS id) q; DELETE FROM victim; SELECT * FROM (SELECT 1 AS id");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::string("3"), source.scalar("SELECT count(*) FROM victim"));
		reply = preview(route, "SELECT 1 AS id) q; DROP TABLE victim; SELECT * FROM (SELECT 1 AS id");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::string("victim"), source.scalar("SELECT coalesce(to_regclass('victim')::text, 'dropped')"));
		CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("a model's query must be one statement") != std::string::npos);
	}

	// The honest model still previews.
	HttpReply reply = preview("/api/model-preview", "SELECT id FROM victim ORDER BY id");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), json::Value::parse(reply.body)["data"]["records"].size());
}


CppUnit::Test* ModelSqlTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ModelSqlTest");
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testInjectedStatementsChangeNothing);
	return suite;
}
