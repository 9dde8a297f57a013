//
// ConnectionsApiTest.cpp
//


#include "ConnectionsApiTest.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "Poco/Base64Encoder.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <sstream>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const std::string KEY_A = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE="; // 32 x 'a'
	const std::string KEY_B = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI="; // 32 x 'b'
	const std::string API_KEY = "k3y-for-the-tests-0123456789";


	struct Api
		/// A server with the test connectors, and an authenticated client for it.
	{
		Api(TestDatabase& db, const std::string& key, const std::string& previous = ""):
			port(TestEnvironment::freePort())
		{
			auto env = evaluationEnvironment(db.url(), port);
			env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
			env["DEPLOYMENT_API_KEY"] = API_KEY;
			env["ENCRYPTION_KEY"] = key;
			if (!previous.empty()) env["ENCRYPTION_KEY_PREVIOUS"] = previous;
			server = startServer(env);
			std::ostringstream encoded;
			Poco::Base64Encoder encoder(encoded);
			encoder.rdbuf()->setLineLength(0);
			encoder << db.scalar("SELECT id FROM organizations") << ":" << API_KEY;
			encoder.close();
			authorization = "Basic " + encoded.str();
		}

		HttpReply call(const std::string& method, const std::string& path, const std::string& body = "")
		{
			return HttpProbe::request(port, method, path, body, {{"Authorization", authorization}, {"Content-Type", "application/json"}});
		}

		json::Value data(const HttpReply& reply)
		{
			return json::Value::parse(reply.body)["data"];
		}

		unsigned port;
		std::unique_ptr<ChildProcess> server;
		std::string authorization;
	};


	const std::string GOOD = R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5, "token": "tok-secret-123"}})";
}


void ConnectionsApiTest::testLifecycle()
{
	TestDatabase db("apiconn");
	Api api(db, KEY_A);

	HttpReply created = api.call("POST", "/api/connections", GOOD);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
	json::Value connection = api.data(created);
	const std::string id = connection.getString("id");
	CPPUNIT_ASSERT_EQUAL(std::string("********"), connection["configuration"].getString("token"));
	CPPUNIT_ASSERT_EQUAL(int64_t(5), connection["configuration"]["rows"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), connection.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("test_good"), connection["type"].getString("id"));
	CPPUNIT_ASSERT(created.body.find("tok-secret-123") == std::string::npos);

	// At rest: the secret is encrypted, and absent from the clear configuration.
	const std::string stored = db.scalar("SELECT secrets FROM connections WHERE id = '" + id + "'");
	CPPUNIT_ASSERT(stored.rfind("v1:", 0) == 0 && stored.find("tok-secret") == std::string::npos);
	CPPUNIT_ASSERT(db.scalar("SELECT configuration::text FROM connections WHERE id = '" + id + "'").find("token") == std::string::npos);

	HttpReply second = api.call("POST", "/api/connections",
		R"({"name": "Unchecked", "type": "test_good", "validate": false, "configuration": {"rows": 1, "broken": true}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.body, 200, second.status);
	CPPUNIT_ASSERT_EQUAL(std::string("unknown"), api.data(second).getString("status"));

	json::Value page = json::Value::parse(api.call("GET", "/api/connections?limit=1").body);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), page["data"].size());
	CPPUNIT_ASSERT_EQUAL(id, page["data"][0].getString("id"));
	const std::string token = page["pagination"].getString("next_page_token");
	json::Value next = json::Value::parse(api.call("GET", "/api/connections?limit=1&page_token=" + token).body);
	CPPUNIT_ASSERT_EQUAL(std::string("Unchecked"), next["data"][0].getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), api.data(api.call("GET", "/api/connections")).size());

	// PUT replaces everything; a redacted secret sent back keeps the stored one.
	HttpReply replaced = api.call("PUT", "/api/connections/" + id,
		R"({"name": "Numbers 2", "type": "test_good", "configuration": {"rows": 7, "token": "********"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(replaced.body, 200, replaced.status);
	CPPUNIT_ASSERT_EQUAL(std::string("Numbers 2"), api.data(replaced).getString("name"));
	HttpReply kept = api.call("POST", "/api/connections/test", R"({"type": "test_good", "connection_id": ")" + id +
		R"(", "configuration": {"rows": 1, "token": "********", "expect_token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(kept.body, std::string("{\"data\":{\"success\":true}}"), kept.body);
	// A failed check is an error status (the SDK's testConnection returns nothing to look at).
	HttpReply failed = api.call("POST", "/api/connections/test", R"({"type": "test_good", "configuration": {"rows": 1, "broken": true}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.body, 422, failed.status);
	CPPUNIT_ASSERT_EQUAL(std::string("the connection check failed: the configuration is broken on purpose"),
		json::Value::parse(failed.body).getString("message"));

	// PUT without a type keeps the connection's (the SDK's update sends none); another type is refused.
	HttpReply untyped = api.call("PUT", "/api/connections/" + id, R"({"name": "Numbers 3", "configuration": {"rows": 7, "token": "********"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(untyped.body, 200, untyped.status);
	CPPUNIT_ASSERT_EQUAL(std::string("test_good"), api.data(untyped)["type"].getString("id"));
	CPPUNIT_ASSERT(!api.data(untyped).has("status_error"));
	CPPUNIT_ASSERT_EQUAL(400, api.call("PUT", "/api/connections/" + id, R"({"name": "N", "type": "other", "configuration": {}})").status);

	HttpReply withoutToken = api.call("PUT", "/api/connections/" + id,
		R"({"name": "Numbers 2", "type": "test_good", "configuration": {"rows": 7}})");
	CPPUNIT_ASSERT(!api.data(withoutToken)["configuration"].has("token"));
	CPPUNIT_ASSERT_EQUAL(std::string(""), db.scalar("SELECT coalesce(secrets, '') FROM connections WHERE id = '" + id + "'"));

	CPPUNIT_ASSERT_EQUAL(204, api.call("DELETE", "/api/connections/" + id).status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/connections/" + id).status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("DELETE", "/api/connections/" + id).status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/connections/not-a-uuid").status);
	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::get(api.port, "/api/connections").status);
}


void ConnectionsApiTest::testValidation()
{
	TestDatabase db("apivalid");
	Api api(db, KEY_A);
	HttpReply badType = api.call("POST", "/api/connections", R"({"name": "x", "type": "nope", "configuration": {}})");
	CPPUNIT_ASSERT_EQUAL(400, badType.status);
	json::Value error = json::Value::parse(badType.body);
	CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), error.getString("key"));
	CPPUNIT_ASSERT_EQUAL(std::string("is not a loaded connection type"), error["metadata"]["fields"].getString("type"));

	HttpReply badConfig = api.call("POST", "/api/connections", R"({"name": "x", "type": "test_good", "configuration": {"rows": "five", "nope": 1}})");
	CPPUNIT_ASSERT_EQUAL(400, badConfig.status);
	json::Value fields = json::Value::parse(badConfig.body)["metadata"]["fields"];
	CPPUNIT_ASSERT_EQUAL(std::string("must be a whole number"), fields.getString("configuration.rows"));
	CPPUNIT_ASSERT_EQUAL(std::string("is not a field of this connection type"), fields.getString("configuration.nope"));

	HttpReply missing = api.call("POST", "/api/connections", R"({"type": "test_good"})");
	CPPUNIT_ASSERT_EQUAL(400, missing.status);
	CPPUNIT_ASSERT(missing.body.find("\"name\":\"is required (a string)\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(400, api.call("POST", "/api/connections", "{not json").status);

	HttpReply checkFails = api.call("POST", "/api/connections", R"({"name": "x", "type": "test_good", "configuration": {"rows": 1, "broken": true}})");
	CPPUNIT_ASSERT_EQUAL(422, checkFails.status);
	CPPUNIT_ASSERT(checkFails.body.find("\"key\":\"connection_check_failed\"") != std::string::npos);
	CPPUNIT_ASSERT(checkFails.body.find("the configuration is broken on purpose") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM connections"));
}


void ConnectionsApiTest::testSecretsRotation()
{
	TestDatabase db("apirotate");
	std::string id;
	{
		Api api(db, KEY_A);
		id = api.data(api.call("POST", "/api/connections", GOOD)).getString("id");
		api.server->signal(SIGTERM);
		api.server->wait(std::chrono::milliseconds(15000));
	}
	const std::string before = db.scalar("SELECT secrets FROM connections");
	{
		// The new key alone cannot read what the old one sealed: a clear error, not a crash.
		Api api(db, KEY_B);
		HttpReply unreadable = api.call("GET", "/api/connections/" + id);
		CPPUNIT_ASSERT_EQUAL(500, unreadable.status);
		CPPUNIT_ASSERT(unreadable.body.find("\"key\":\"secrets_unreadable\"") != std::string::npos);
		CPPUNIT_ASSERT(unreadable.body.find("ENCRYPTION_KEY_PREVIOUS") != std::string::npos);
	}
	int code = -1;
	auto env = evaluationEnvironment(db.url(), TestEnvironment::freePort());
	env["ENCRYPTION_KEY"] = KEY_B;
	env["ENCRYPTION_KEY_PREVIOUS"] = KEY_A;
	const std::string output = runCommand({"secrets", "rotate"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT(output.find("re-encrypted the secrets of 1 connection(s)") != std::string::npos);
	const std::string after = db.scalar("SELECT secrets FROM connections");
	CPPUNIT_ASSERT(after.substr(0, 12) != before.substr(0, 12));

	Api api(db, KEY_B);
	HttpReply kept = api.call("POST", "/api/connections/test", R"({"type": "test_good", "connection_id": ")" + id +
		R"(", "configuration": {"rows": 1, "token": "********", "expect_token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(kept.body, std::string("{\"data\":{\"success\":true}}"), kept.body);
	runCommand({"secrets", "rotate"}, env, code);
	CPPUNIT_ASSERT_EQUAL(after, db.scalar("SELECT secrets FROM connections")); // nothing left to rotate
}


void ConnectionsApiTest::testSecretScope()
{
	TestDatabase db("apiscope");
	Api api(db, KEY_A);
	const std::string id = api.data(api.call("POST", "/api/connections",
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5, "store": "/tmp/a", "token": "tok-secret-123"}})")).getString("id");
	const std::string moved = R"({"rows": 5, "store": "/tmp/elsewhere", "token": "********", "expect_token": "tok-secret-123"})";

	// The fixture marks store as saying where its secrets go: a kept token may not follow it elsewhere.
	HttpReply refused = api.call("PUT", "/api/connections/" + id, R"({"name": "Numbers", "type": "test_good", "validate": false, "configuration": )" +
		moved + "}");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 400, refused.status);
	const json::Value error = json::Value::parse(refused.body);
	CPPUNIT_ASSERT_EQUAL(std::string("send the token again: store changed"), error.getString("message"));
	CPPUNIT_ASSERT_EQUAL(std::string("send the token again: store changed"), error["metadata"]["fields"].getString("configuration.token"));
	CPPUNIT_ASSERT_EQUAL(std::string("/tmp/a"), api.data(api.call("GET", "/api/connections/" + id))["configuration"].getString("store"));
	HttpReply tested = api.call("POST", "/api/connections/test", R"({"type": "test_good", "connection_id": ")" + id + R"(", "configuration": )" +
		moved + "}");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(tested.body, 400, tested.status);

	// Fields outside the scope change freely; the token typed again may go anywhere.
	HttpReply kept = api.call("PUT", "/api/connections/" + id,
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 9, "store": "/tmp/a", "token": "********", "expect_token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(kept.body, 200, kept.status);
	HttpReply typed = api.call("PUT", "/api/connections/" + id,
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 9, "store": "/tmp/b", "token": "tok-new", "expect_token": "tok-new"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(typed.body, 200, typed.status);
}


CppUnit::Test* ConnectionsApiTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ConnectionsApiTest");
	POLYTOMIC_ADD_TEST(suite, ConnectionsApiTest, testLifecycle);
	POLYTOMIC_ADD_TEST(suite, ConnectionsApiTest, testValidation);
	POLYTOMIC_ADD_TEST(suite, ConnectionsApiTest, testSecretsRotation);
	POLYTOMIC_ADD_TEST(suite, ConnectionsApiTest, testSecretScope);
	return suite;
}
