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

		std::string addModel(const std::string& table, int people, int first)
			/// Another model of people (ids first, first + 1, ...) in a table of its own.
		{
			warehouse.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, first text, score numeric(10,2))");
			warehouse.execute("INSERT INTO " + table + " SELECT i, 'p' || i || '@example.com', 'Person ' || i, i * 1.5 FROM generate_series(" +
				std::to_string(first) + ", " + std::to_string(first + people - 1) + ") AS i");
			json::Value model = json::Value::object();
			model.set("name", table);
			model.set("connection_id", warehouseId);
			model.set("configuration", json::Value::parse(R"({"table": "public.)" + table + R"("})"));
			model.set("identifier", "email");
			return admin->data("POST", "/api/models", model.dump()).getString("id");
		}

		void setLimits(int perTenSeconds, long long perDay) const
			/// The connection's share of the portal: requests_per_ten_seconds and requests_per_day.
		{
			json::Value replace = json::Value::object();
			replace.set("name", "CRM");
			json::Value configuration = json::Value::object();
			configuration.set("api_url", hubspot.url(""));
			configuration.set("requests_per_ten_seconds", perTenSeconds);
			configuration.set("requests_per_day", perDay);
			replace.set("configuration", configuration);
			admin->data("PUT", "/api/connections/" + hubspotId, replace.dump());
		}

		std::unique_ptr<ChildProcess> secondWorker() const
			/// Another replica with the worker role alone, on the same database.
		{
			auto env = environment;
			env["ROLE"] = "worker";
			env["PORT"] = std::to_string(TestEnvironment::freePort());
			return startServer(env);
		}

		std::vector<json::Value> runAtOnce(const std::vector<std::string>& syncIds) const
		{
			std::vector<std::string> ids;
			for (const auto& sync: syncIds) ids.push_back(admin->data("POST", "/api/syncs/" + sync + "/executions", "{}").getString("id"));
			std::vector<json::Value> done;
			for (std::size_t i = 0; i < ids.size(); ++i)
				done.push_back(waitForExecution(*admin, "/api/syncs/" + syncIds[i] + "/executions/" + ids[i], 300));
			return done;
		}

		json::Value mapping(const std::string& source, const std::string& target, const std::string& model = "") const
		{
			json::Value m = json::Value::object();
			json::Value field = json::Value::object();
			field.set("model_id", model.empty() ? modelId : model);
			field.set("field", source);
			m.set("source", field);
			m.set("target", target);
			return m;
		}

		std::string contactSync(const std::string& model = "") const
			/// updateOrCreate into contacts, identity email.
		{
			json::Value body = json::Value::object();
			body.set("name", "People into HubSpot " + model);
			body.set("mode", "updateOrCreate");
			json::Value target = json::Value::object();
			target.set("connection_id", hubspotId);
			target.set("object", "contacts");
			body.set("target", target);
			json::Value fields = json::Value::array();
			fields.push(mapping("first", "firstname", model));
			fields.push(mapping("score", "score", model));
			body.set("fields", fields);
			json::Value identity = mapping("email", "email", model);
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


void HubSpotSyncTest::testWorkersShareThePortalsLimit()
{
	// Two replicas of the worker, each running one sync into the same portal at once: together they keep to
	// the portal's limit (the fake refuses what goes beyond it), where each alone would send as much as it allows.
	const int people = 2500;
	Crm crm("hsshare", people, {{"SYNC_CONCURRENCY", "1"}});
	const std::string other = crm.addModel("others", people, people + 1);
	// The connection is told a little less than the portal allows: a run's first request (which portal is this?)
	// goes before the budget is known, and three runs' worth of those must not tip HubSpot's window over.
	crm.setLimits(36, 0);
	crm.hubspot.setBurstLimit(40);
	const auto worker = crm.secondWorker();
	const auto done = crm.runAtOnce({crm.contactSync(), crm.contactSync(other)});
	for (const auto& run: done) CPPUNIT_ASSERT_EQUAL_MESSAGE(run.dump(), std::string("completed"), run.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(worker->output(), 0, crm.hubspot.refused());
	CPPUNIT_ASSERT_EQUAL(std::string("2|true"), crm.app.scalar("SELECT count(DISTINCT worker) || '|' || (max(started_at) < min(completed_at)) "
		"FROM sync_executions"));
	crm.requireEveryPersonOnce(2 * people);
}


void HubSpotSyncTest::testWorkersShareTheDailyQuota()
{
	// A daily quota of 60 requests for two replicas whose syncs need some 25 each twice over: the runs stop
	// when the quota the server keeps is used up, and HubSpot never had to refuse one.
	const int people = 5000;
	Crm crm("hsdaily", people, {{"SYNC_CONCURRENCY", "1"}});
	const std::string other = crm.addModel("others", people, people + 1);
	crm.setLimits(100, 60);
	crm.hubspot.setDailyLimit(60);
	const auto worker = crm.secondWorker();
	const std::size_t before = crm.hubspot.apiCalls();
	const auto done = crm.runAtOnce({crm.contactSync(), crm.contactSync(other)});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(worker->output(), 0, crm.hubspot.refused());
	CPPUNIT_ASSERT(crm.hubspot.apiCalls() - before <= 60);
	CPPUNIT_ASSERT_EQUAL(std::string("2"), crm.app.scalar("SELECT count(DISTINCT worker) FROM sync_executions"));
	bool stopped = false;
	for (const auto& run: done)
	{
		const std::string error = run["errors"].size() ? run["errors"][0].asString() : run.dump();
		stopped = stopped || error.find("daily API quota this server keeps for the HubSpot portal is used up") != std::string::npos;
	}
	CPPUNIT_ASSERT_MESSAGE(done[0].dump() + done[1].dump(), stopped);
	CPPUNIT_ASSERT(crm.hubspot.records("contacts").size() < static_cast<std::size_t>(2 * people));
}


void HubSpotSyncTest::testSecretRotationKeepsSignIns()
{
	Crm crm("hsrotate", 200);
	const std::string sync = crm.contactSync();
	const std::string oldKey = crm.environment.at("ENCRYPTION_KEY");
	const std::string newKey = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";
	const json::Value pending = crm.startSignIn(*crm.admin, "Second CRM");
	const std::string tokensBefore = crm.app.scalar("SELECT tokens FROM connection_tokens");
	crm.restart({{"ENCRYPTION_KEY", newKey}, {"ENCRYPTION_KEY_PREVIOUS", oldKey}});
	int code = -1;
	const std::string output = runCommand({"secrets", "rotate"}, crm.environment, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("the OAuth tokens of 1 connection(s) and 1 sign-in(s) in progress") != std::string::npos);
	CPPUNIT_ASSERT(crm.app.scalar("SELECT tokens FROM connection_tokens").substr(0, 12) != tokensBefore.substr(0, 12));

	// The old key gone, the worker still refreshes the tokens it keeps, and the sign-in started before finishes.
	crm.restart({{"ENCRYPTION_KEY_PREVIOUS", ""}});
	crm.hubspot.expireAccessTokens();
	const int before = crm.hubspot.refreshes();
	const json::Value done = crm.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT(crm.hubspot.refreshes() > before);
	crm.requireEveryPersonOnce(200);
	const SignIn finished = crm.finishSignIn(*crm.admin, pending);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(finished.finished.body, 302, finished.finished.status);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), HubSpotPortal::queryValue(HubSpotPortal::location(finished.finished), "status"));
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
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testWorkersShareThePortalsLimit);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testWorkersShareTheDailyQuota);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testSecretRotationKeepsSignIns);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testBulkSyncIntoPostgres);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testRateLimitStormSendsNothingTwice);
	POLYTOMIC_ADD_TEST(suite, HubSpotSyncTest, testHarness);
	return suite;
}
