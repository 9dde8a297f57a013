//
// HubSpotSyncTest.cpp
//
// The HubSpot connector through the engine, against the HubSpot fake: model
// syncs from PostgreSQL into HubSpot's contacts (updateOrCreate on email),
// bulk syncs from HubSpot into PostgreSQL, refreshed and revoked sign-ins in
// the middle of a run, HubSpot's rate limit, and the conformance harness.
//


#include "HubSpotSyncTest.h"
#include "HubSpotPortal.h"
#include "PostgresHarness.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <fstream>
#include <map>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	struct Crm: HubSpotPortal
		/// A portal, a signed-in HubSpot connection and a warehouse of people with a model of them.
	{
		TestDatabase warehouse;
		std::string hubspotId, warehouseId, modelId;

		explicit Crm(const std::string& prefix, int people, std::map<std::string, std::string> extra = {}):
			HubSpotPortal(prefix, std::move(extra)),
			warehouse(prefix + "wh")
		{
			warehouse.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, first text, score numeric(10,2))");
			warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, i * 1.5 FROM generate_series(1, " +
				std::to_string(people) + ") AS i");
			hubspotId = connect(*admin, "CRM");
			warehouseId = createConnection(*admin, "Warehouse", warehouse);
			json::Value model = json::Value::object();
			model.set("name", "People");
			model.set("connection_id", warehouseId);
			model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
			model.set("identifier", "email");
			modelId = admin->data("POST", "/api/models", model.dump()).getString("id");
		}

		json::Value mapping(const std::string& source, const std::string& target) const
		{
			json::Value m = json::Value::object();
			json::Value field = json::Value::object();
			field.set("model_id", modelId);
			field.set("field", source);
			m.set("source", field);
			m.set("target", target);
			return m;
		}

		std::string contactSync() const
			/// updateOrCreate into contacts, identity email.
		{
			json::Value body = json::Value::object();
			body.set("name", "People into HubSpot");
			body.set("mode", "updateOrCreate");
			json::Value target = json::Value::object();
			target.set("connection_id", hubspotId);
			target.set("object", "contacts");
			body.set("target", target);
			json::Value fields = json::Value::array();
			fields.push(mapping("first", "firstname"));
			fields.push(mapping("score", "score"));
			body.set("fields", fields);
			json::Value identity = mapping("email", "email");
			identity.set("function", "Equality");
			body.set("identity", identity);
			return admin->data("POST", "/api/syncs", body.dump()).getString("id");
		}

		json::Value run(const std::string& syncId) const
		{
			const std::string id = admin->data("POST", "/api/syncs/" + syncId + "/executions", "{}").getString("id");
			return waitForExecution(*admin, "/api/syncs/" + syncId + "/executions/" + id, 300);
		}

		std::map<std::string, FakeHubSpot::Record> contactsByEmail() const
		{
			std::map<std::string, FakeHubSpot::Record> out;
			for (const auto& r: hubspot.records("contacts")) out[r.properties.count("email") ? r.properties.at("email") : r.id] = r;
			return out;
		}

		void requireEveryPersonOnce(int people) const
		{
			const auto contacts = contactsByEmail();
			CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(people), contacts.size());
			for (int i = 1; i <= people; ++i)
			{
				const std::string email = "p" + std::to_string(i) + "@example.com";
				auto it = contacts.find(email);
				CPPUNIT_ASSERT_MESSAGE(email, it != contacts.end());
				CPPUNIT_ASSERT_EQUAL(std::string("Person ") + std::to_string(i), it->second.properties.at("firstname"));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(email, std::size_t(1), hubspot.writesOf("contacts", it->second.id));
			}
		}
	};
}


void HubSpotSyncTest::testModelSyncOutlivesItsAccessToken()
{
	const int people = 1500;
	Crm crm("hsrefresh", people);
	// Access tokens live 2 s; each call takes 200 ms: the 15 batches and the rest take several lifetimes.
	crm.hubspot.setTokenLifetime(std::chrono::seconds(2));
	crm.hubspot.expireAccessTokens();
	crm.hubspot.setLatency(std::chrono::milliseconds(200));
	const int before = crm.hubspot.refreshes();
	const json::Value done = crm.run(crm.contactSync());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(crm.hubspot.refreshes() - before), crm.hubspot.refreshes() - before >= 2);
	crm.requireEveryPersonOnce(people);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), crm.admin->data("GET", "/api/connections/" + crm.hubspotId).getString("status"));
	// A score is a HubSpot number: exact digits.
	CPPUNIT_ASSERT_EQUAL(std::string("15"), crm.contactsByEmail().at("p10@example.com").properties.at("score").substr(0, 2));
}


void HubSpotSyncTest::testRevokedRefreshTokenAsksForReconnect()
{
	Crm crm("hsrevoke", 300);
	const std::string sync = crm.contactSync();
	crm.hubspot.revokeRefreshTokens();
	const json::Value failed = crm.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	// The run's error, as the SDK's execution shows it.
	const std::string error = failed["errors"].size() ? failed["errors"][0].asString() : failed.dump();
	CPPUNIT_ASSERT_MESSAGE(error, error.find("must be signed in again") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("BAD_REFRESH_TOKEN") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("401") == std::string::npos);
	const json::Value connection = crm.admin->data("GET", "/api/connections/" + crm.hubspotId);
	CPPUNIT_ASSERT_EQUAL(std::string("reconnect"), connection.getString("status"));
	CPPUNIT_ASSERT(connection.getString("status_error").find("reconnect it") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), crm.hubspot.records("contacts").size());

	// Signing the same connection in again ends the reconnect state, and the sync runs.
	const SignIn again = crm.signIn(*crm.admin, "CRM", crm.hubspotId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.finished.body, 302, again.finished.status);
	CPPUNIT_ASSERT_EQUAL(crm.hubspotId, HubSpotPortal::queryValue(HubSpotPortal::location(again.finished), "connection_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), crm.admin->data("GET", "/api/connections/" + crm.hubspotId).getString("status"));
	const json::Value done = crm.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	crm.requireEveryPersonOnce(300);
}


void HubSpotSyncTest::testBulkSyncIntoPostgres()
{
	Crm crm("hsbulk", 1);
	for (int i = 0; i < 250; ++i)
		crm.hubspot.add("contacts", {{"email", "c" + std::to_string(i) + "@example.com"}, {"firstname", "Contact " + std::to_string(i)},
			{"score", std::to_string(i) + ".5"}, {"subscribed", i % 2 ? "true" : "false"}, {"date_of_birth", "1990-01-0" + std::to_string(1 + i % 9)}});
	json::Value create = json::Value::parse(R"({"name": "HubSpot to the warehouse", "mode": "snapshot", "schemas": ["contacts"],
		"destination_configuration": {"schema": "hubspot"}})");
	create.set("source_connection_id", crm.hubspotId);
	create.set("destination_connection_id", crm.warehouseId);
	crm.warehouse.execute("CREATE SCHEMA hubspot");
	const std::string syncId = crm.admin->data("POST", "/api/bulk/syncs", create.dump()).getString("id");
	const std::string executionId = crm.admin->data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	const json::Value done = waitForExecution(*crm.admin, "/api/bulk/syncs/" + syncId + "/executions/" + executionId, 300);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("250"), crm.warehouse.scalar("SELECT count(*) FROM hubspot.contacts"));
	CPPUNIT_ASSERT_EQUAL(std::string("Contact 7|7.5|true|1990-01-08"), crm.warehouse.scalar(
		"SELECT firstname || '|' || score || '|' || subscribed || '|' || date_of_birth FROM hubspot.contacts WHERE email = 'c7@example.com'"));
	CPPUNIT_ASSERT_EQUAL(std::string("timestamp with time zone"), crm.warehouse.scalar(
		"SELECT data_type FROM information_schema.columns WHERE table_schema = 'hubspot' AND table_name = 'contacts' AND column_name = 'lastmodifieddate'"));
}


void HubSpotSyncTest::testRateLimitStormSendsNothingTwice()
{
	const int people = 1000;
	Crm crm("hsstorm", people);
	// The portal allows 8 requests per 10 s, and the connection is told 50: most calls are refused with 429 at first.
	json::Value replace = json::Value::object();
	replace.set("name", "CRM");
	json::Value configuration = json::Value::object();
	configuration.set("api_url", crm.hubspot.url(""));
	configuration.set("requests_per_ten_seconds", 50);
	replace.set("configuration", configuration);
	crm.admin->data("PUT", "/api/connections/" + crm.hubspotId, replace.dump());
	crm.hubspot.setBurstLimit(8);
	crm.hubspot.refuseNext(3, 503);
	const json::Value done = crm.run(crm.contactSync());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(crm.hubspot.refused()), crm.hubspot.refused() > 0);
	crm.requireEveryPersonOnce(people);
}


void HubSpotSyncTest::testHarness()
{
	FakeHubSpot hubspot("id", "secret");
	for (int i = 0; i < 30; ++i)
		hubspot.add("contacts", {{"email", "h" + std::to_string(i) + "@example.com"}, {"firstname", "H" + std::to_string(i)}});
	const std::string config = "/tmp/hubspot-harness-" + std::to_string(::getpid()) + ".json";
	json::Value c = json::Value::object();
	c.set("api_url", hubspot.url(""));
	c.set("access_token", hubspot.issueAccessToken());
	{
		std::ofstream out(config);
		out << c.dump();
	}
	int exitCode = -1;
	const std::string output = ChildProcess::run(CONNECTOR_TEST_BIN, {HUBSPOT_PLUGIN, "--config", config, "--object", "contacts",
		"--write-into", "contacts", "--identity", "email", "--write-fields", "email,firstname,lastname", "--strict"}, {{"PATH", "/usr/bin:/bin"}},
		exitCode, std::chrono::milliseconds(300000));
	std::remove(config.c_str());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, exitCode);
	CPPUNIT_ASSERT_MESSAGE(output, output.find(" 0 failed") != std::string::npos);
}


CppUnit::Test* HubSpotSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("HubSpotSyncTest");
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testModelSyncOutlivesItsAccessToken);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testRevokedRefreshTokenAsksForReconnect);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testBulkSyncIntoPostgres);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testRateLimitStormSendsNothingTwice);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testHarness);
	return suite;
}
