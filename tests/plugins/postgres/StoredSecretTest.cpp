//
// StoredSecretTest.cpp
//


#include "StoredSecretTest.h"
#include "ApiFixture.h"
#include "PostgresHarness.h"
#include "fakes/FakePostgresServer.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const std::string STORED_PASSWORD = "st0red-pw-9f2c";


	struct Setup
		/// A server (web) on an app database, a connection to a real source
		/// database with a stored password, and an attacker's host.
	{
		explicit Setup(const std::string& prefix):
			app(prefix + "app"),
			source(prefix + "src"),
			port(TestEnvironment::freePort())
		{
			server = startServer(serverEnvironment(app, port, "web"));
			api = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
			stored = PostgresHarness::config(source);
			stored.set("password", STORED_PASSWORD);
			connectionId = api->data("POST", "/api/connections", body("Source", stored).dump()).getString("id");
		}

		static json::Value body(const std::string& name, const json::Value& configuration)
		{
			json::Value b = json::Value::object();
			b.set("name", name);
			b.set("type", "postgresql");
			b.set("configuration", configuration);
			return b;
		}

		json::Value towardsAttacker(const std::string& password) const
			/// The stored configuration, sent to the attacker's host instead.
		{
			json::Value c = stored;
			c.set("host", "localhost");
			c.set("port", static_cast<long long>(attacker.port()));
			c.set("password", password);
			return c;
		}

		HttpReply test(const json::Value& configuration, const std::string& id) const
		{
			json::Value b = json::Value::object();
			b.set("type", "postgresql");
			b.set("connection_id", id);
			b.set("configuration", configuration);
			return api->call("POST", "/api/connections/test", b.dump());
		}

		TestDatabase app;
		TestDatabase source;
		unsigned port;
		std::unique_ptr<ChildProcess> server;
		std::unique_ptr<ApiClient> api;
		json::Value stored;
		std::string connectionId;
		FakePostgresServer attacker;
	};


	void assertAsksForPassword(const HttpReply& reply, const std::string& changed)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		const json::Value error = json::Value::parse(reply.body);
		CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), error.getString("key"));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, "send the password again: " + changed + " changed",
			error["metadata"]["fields"].getString("configuration.password"));
		CPPUNIT_ASSERT(reply.body.find(STORED_PASSWORD) == std::string::npos);
	}
}


void StoredSecretTest::testTestRefusesNewHost()
{
	Setup s("secrettest");
	assertAsksForPassword(s.test(s.towardsAttacker("********"), s.connectionId), "host and port");

	// The port alone, or a new connection_url beside the kept password: the same.
	json::Value portOnly = s.stored;
	portOnly.set("port", static_cast<long long>(s.attacker.port()));
	portOnly.set("password", "********");
	assertAsksForPassword(s.test(portOnly, s.connectionId), "port");
	json::Value byUrl = json::Value::object();
	byUrl.set("connection_url", "postgres://postgres@127.0.0.1:" + std::to_string(s.attacker.port()) + "/" + s.source.name() + "?sslmode=disable");
	byUrl.set("password", "********");
	assertAsksForPassword(s.test(byUrl, s.connectionId), "host, port, database, username, ssl_mode and connection_url");

	// The check was refused before any connection: the attacker saw nobody.
	std::this_thread::sleep_for(std::chrono::milliseconds(300));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.attacker.connections());

	// A password sent again goes there: the attacker's host does record what it is sent.
	HttpReply resent = s.test(s.towardsAttacker("typed-again"), s.connectionId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(resent.body, 422, resent.status);
	CPPUNIT_ASSERT(s.attacker.waitForLogins(1, std::chrono::milliseconds(10000)));
	CPPUNIT_ASSERT_EQUAL(std::string("typed-again"), s.attacker.logins().at(0).password);
	CPPUNIT_ASSERT(resent.body.find("\"key\":\"connection_check_failed\"") != std::string::npos);
}


void StoredSecretTest::testReplaceRefusesNewHost()
{
	Setup s("secretput");
	for (const bool validate: {true, false})
	{
		json::Value body = Setup::body("Source", s.towardsAttacker("********"));
		body.set("validate", validate);
		assertAsksForPassword(s.api->call("PUT", "/api/connections/" + s.connectionId, body.dump()), "host and port");
	}
	std::this_thread::sleep_for(std::chrono::milliseconds(300));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.attacker.connections());
	const json::Value kept = s.api->data("GET", "/api/connections/" + s.connectionId)["configuration"];
	CPPUNIT_ASSERT_EQUAL(s.stored.getString("host"), kept.getString("host"));
	CPPUNIT_ASSERT_EQUAL(s.stored["port"].asInt64(), kept["port"].asInt64());

	// Unchanged destination: the stored password stays, and the connection still works.
	json::Value same = s.stored;
	same.set("password", "********");
	same.set("statement_timeout", 60LL);
	const json::Value replaced = s.api->data("PUT", "/api/connections/" + s.connectionId, Setup::body("Source renamed", same).dump());
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), replaced.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("********"), replaced["configuration"].getString("password"));
	// A new host with the password typed again is an honest change.
	json::Value moved = s.towardsAttacker("typed-again");
	json::Value body = Setup::body("Source moved", moved);
	body.set("validate", false);
	CPPUNIT_ASSERT_EQUAL(200, s.api->call("PUT", "/api/connections/" + s.connectionId, body.dump()).status);
}


void StoredSecretTest::testSameHostKeepsStoredPassword()
{
	Setup s("secretsame");
	// A connection whose stored host is the recording one: a test that keeps its
	// password (and changes a field that says nothing of where it goes) sends it there.
	json::Value atRecorder = s.towardsAttacker(STORED_PASSWORD);
	json::Value create = Setup::body("Recorded", atRecorder);
	create.set("validate", false);
	const std::string id = s.api->data("POST", "/api/connections", create.dump()).getString("id");
	json::Value kept = atRecorder;
	kept.set("password", "********");
	kept.set("statement_timeout", 30LL);
	HttpReply reply = s.test(kept, id);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 422, reply.status);
	CPPUNIT_ASSERT(s.attacker.waitForLogins(1, std::chrono::milliseconds(10000)));
	CPPUNIT_ASSERT_EQUAL(STORED_PASSWORD, s.attacker.logins().at(0).password);
	CPPUNIT_ASSERT(reply.body.find("refused the username or password") != std::string::npos);

	// And the real source, tested with its stored password kept.
	json::Value source = s.stored;
	source.set("password", "********");
	CPPUNIT_ASSERT_EQUAL(std::string("{\"data\":{\"success\":true}}"), s.test(source, s.connectionId).body);
}


CppUnit::Test* StoredSecretTest::suite()
{
	auto* suite = new CppUnit::TestSuite("StoredSecretTest");
	POLYTOMIC_ADD_TEST(suite, StoredSecretTest, testTestRefusesNewHost);
	POLYTOMIC_ADD_TEST(suite, StoredSecretTest, testReplaceRefusesNewHost);
	POLYTOMIC_ADD_TEST(suite, StoredSecretTest, testSameHostKeepsStoredPassword);
	return suite;
}
