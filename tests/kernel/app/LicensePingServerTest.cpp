//
// LicensePingServerTest.cpp
//
// The licence ping of a running server, received by a fake licence service.
//


#include "LicensePingServerTest.h"
#include "LicensedServer.h"
#include "fakes/FakeLicenseService.h"
#include "support/TestDriver.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Environment.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;
using std::chrono::milliseconds;


namespace
{
	const std::string ROOT_EMAIL = "jane.doe.personal@customer-domain.example";


	std::map<std::string, std::string> pingingEnvironment(const TestDatabase& db, unsigned port, const FakeHttpService& service,
		const std::string& key)
	{
		auto env = licensedEnvironment(db, port, key);
		env["TELEMETRY_URL"] = service.url("/");
		env["TELEMETRY_INTERVAL"] = "1";
		env["ROOT_USER"] = ROOT_EMAIL;
		return env;
	}
}


void LicensePingServerTest::testPingCarriesNoPersonalData()
{
	TestDatabase db("pingpii");
	FakeLicenseService service;
	const unsigned port = TestEnvironment::freePort();
	const std::string key = issueTestKey(testLicense(200));
	auto server = startServer(pingingEnvironment(db, port, service, key));

	// Things a ping must never carry: names, emails, hosts, queries, record values, secrets.
	const std::string org = db.scalar("SELECT id FROM organizations");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type, configuration, secrets) VALUES ('" +
		org + "', 'Finance Warehouse Prod', 'test_good', '{\"host\": \"warehouse.internal.customer-domain.example\", "
		"\"username\": \"etl_robot\"}', 'v1:k:c2VjcmV0LXBhc3N3b3Jk') RETURNING id");
	const std::string model = db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration) VALUES ('" + org +
		"', 'Churned VIP customers', '" + connection + "', '{\"query\": \"SELECT email FROM vip_customers WHERE churned\"}') RETURNING id");
	const std::string sync = db.scalar("INSERT INTO syncs (organization_id, name, active, mode, model_id, target_connection_id, definition) "
		"VALUES ('" + org + "', 'VIPs to CRM', true, 'create', '" + model + "', '" + connection + "', '{}') RETURNING id");
	db.execute("INSERT INTO sync_executions (sync_id, status, detail) VALUES ('" + sync + "', 'completed', "
		"'{\"counts\": {\"total\": 7, \"insert\": 5, \"update\": 2, \"delete\": 0, \"error\": 0}}')");
	db.execute("INSERT INTO sync_record_logs (execution_id, kind, entries) SELECT id, 'inserts', "
		"'[{\"identity\": \"ceo@vip-customer.example\"}]' FROM sync_executions");

	// Pings every second: wait for one sent after the data is there.
	const std::size_t before = service.requests().size();
	CPPUNIT_ASSERT(service.waitForRequests(before + 2, milliseconds(10000)));
	const FakeHttpService::Request ping = service.requests().back();
	CPPUNIT_ASSERT_EQUAL(std::string("POST"), ping.method);
	CPPUNIT_ASSERT_EQUAL(std::string("application/json"), ping.headers.at("Content-Type"));
	const json::Value body = json::Value::parse(ping.body);
	CPPUNIT_ASSERT_EQUAL(TEST_DEPLOYMENT, body.getString("deployment"));
	CPPUNIT_ASSERT_EQUAL(std::string(POLYTOMIC_VERSION), body.getString("version"));
	const json::Value& usage = body["usage"];
	CPPUNIT_ASSERT_EQUAL_MESSAGE(ping.body, int64_t(1), usage.getInt64("syncs", -1));
	CPPUNIT_ASSERT_EQUAL(int64_t(1), usage.getInt64("active_syncs", -1));
	CPPUNIT_ASSERT_EQUAL(int64_t(1), usage.getInt64("executions", -1));
	CPPUNIT_ASSERT_EQUAL(int64_t(7), usage.getInt64("records_synced", -1));
	CPPUNIT_ASSERT_EQUAL(std::string("[\"test_good\"]"), usage["connectors"].dump());

	for (const std::string& personal: {ROOT_EMAIL, std::string("jane"), std::string("customer-domain"), std::string("Finance Warehouse"),
		std::string("warehouse.internal"), std::string("etl_robot"), std::string("Churned"), std::string("vip_customers"),
		std::string("SELECT"), std::string("VIPs to CRM"), std::string("ceo@"), std::string("c2VjcmV0"), std::string("Acme Test Corp"),
		TEST_API_KEY, key, Poco::Environment::nodeName(), db.name(), org, connection, model, sync})
	{
		CPPUNIT_ASSERT_MESSAGE("the ping carries \"" + personal + "\": " + ping.body, ping.body.find(personal) == std::string::npos);
	}
	for (const auto& [name, value]: ping.headers)
		CPPUNIT_ASSERT_MESSAGE(name + ": " + value, value.find(Poco::Environment::nodeName()) == std::string::npos || name == "Host");
}


void LicensePingServerTest::testRevokedByPing()
{
	TestDatabase db("pingrevoked");
	FakeLicenseService service;
	service.revoke(Poco::DateTimeFormatter::format(Poco::Timestamp() - Poco::Timespan(20, 0, 0, 0, 0), Poco::DateTimeFormat::ISO8601_FORMAT));
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(pingingEnvironment(db, port, service, issueTestKey(testLicense(200))));
	CPPUNIT_ASSERT(service.waitForRequests(1, milliseconds(10000)));
	const ApiClient api(db, port);
	json::Value status;
	const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
	do
	{
		status = api.data("/api/license");
		if (status.getBool("revoked", false)) break;
		std::this_thread::sleep_for(milliseconds(100));
	} while (std::chrono::steady_clock::now() < deadline);
	CPPUNIT_ASSERT_MESSAGE(status.dump(), status.getBool("revoked", false));
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), status.getString("status"));
	CPPUNIT_ASSERT(!status.getBool("executions_allowed", true));
	CPPUNIT_ASSERT(status.getString("banner").find("revoked") != std::string::npos);
	CPPUNIT_ASSERT(server->waitForOutput("the licence service reports the deployment key (DEPLOYMENT_KEY) revoked", milliseconds(2000)));

	const std::string org = db.scalar("SELECT id FROM organizations");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org +
		"', 'c', 'test_good') RETURNING id");
	const std::string bulk = db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode) "
		"VALUES ('" + org + "', 'b', '" + connection + "', '" + connection + "', 'snapshot') RETURNING id");
	HttpReply refused = api.call("POST", "/api/bulk/syncs/" + bulk + "/executions");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
	CPPUNIT_ASSERT(refused.body.find("license_expired") != std::string::npos);
}


void LicensePingServerTest::testRevocationSurvivesRestart()
{
	TestDatabase db("pingkeep");
	const std::string key = issueTestKey(testLicense(200));
	{
		FakeLicenseService service;
		service.revoke(Poco::DateTimeFormatter::format(Poco::Timestamp() - Poco::Timespan(20, 0, 0, 0, 0), Poco::DateTimeFormat::ISO8601_FORMAT));
		auto server = startServer(pingingEnvironment(db, TestEnvironment::freePort(), service, key));
		CPPUNIT_ASSERT(server->waitForOutput("revoked on", milliseconds(10000)));
		server->signal(SIGTERM);
		server->wait(milliseconds(15000));
	}
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM license_revocations"));
	// The licence service is out of reach now: the revocation it reported still holds.
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(licensedEnvironment(db, port, key));
	json::Value status = ApiClient(db, port).data("/api/license");
	CPPUNIT_ASSERT_MESSAGE(status.dump(), status.getBool("revoked", false));
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), status.getString("status"));
	CPPUNIT_ASSERT(server->output().find("the licence service reports the deployment key (DEPLOYMENT_KEY) revoked") != std::string::npos);
	// A new key is not affected.
	server->signal(SIGTERM);
	server->wait(milliseconds(15000));
	auto renewed = startServer(licensedEnvironment(db, port, issueTestKey(testLicense(365))));
	CPPUNIT_ASSERT_EQUAL(std::string("valid"), ApiClient(db, port).data("/api/license").getString("status"));
}


void LicensePingServerTest::testServiceDownChangesNothing()
{
	TestDatabase db("pingdown");
	FakeLicenseService service;
	service.failNext(1000);
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(pingingEnvironment(db, port, service, issueTestKey(testLicense(200))));
	CPPUNIT_ASSERT(service.waitForRequests(2, milliseconds(10000)));
	CPPUNIT_ASSERT(server->output().find("licence ping to " + service.url("/") + " failed") != std::string::npos);
	json::Value status = ApiClient(db, port).data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("valid"), status.getString("status"));
	CPPUNIT_ASSERT(status.getBool("executions_allowed", false));
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
}


void LicensePingServerTest::testEvaluationSendsNothing()
{
	TestDatabase db("pingeval");
	FakeLicenseService service;
	const unsigned port = TestEnvironment::freePort();
	auto env = pingingEnvironment(db, port, service, "");
	env.erase("DEPLOYMENT_KEY");
	auto server = startServer(env);
	CPPUNIT_ASSERT(!service.waitForRequests(1, milliseconds(2500)));
}


CppUnit::Test* LicensePingServerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicensePingServerTest");
	POLYTOMIC_ADD_TEST(suite, LicensePingServerTest, testPingCarriesNoPersonalData);
	POLYTOMIC_ADD_TEST(suite, LicensePingServerTest, testRevokedByPing);
	POLYTOMIC_ADD_TEST(suite, LicensePingServerTest, testRevocationSurvivesRestart);
	POLYTOMIC_ADD_TEST(suite, LicensePingServerTest, testServiceDownChangesNothing);
	POLYTOMIC_ADD_TEST(suite, LicensePingServerTest, testEvaluationSendsNothing);
	return suite;
}
