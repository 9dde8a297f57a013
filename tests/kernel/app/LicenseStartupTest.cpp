//
// LicenseStartupTest.cpp
//
// The licence as the operator and the API caller meet it: the server started
// with good and bad deployment keys, and what an expired key stops.
//


#include "LicenseStartupTest.h"
#include "LicensedServer.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;
using std::chrono::milliseconds;


namespace
{
	struct Fixture
		/// Two connections and two bulk syncs written straight into the database:
		/// "continuous" (active, scheduled continuously) and "manual" (inactive, with
		/// a queued run).
	{
		explicit Fixture(const TestDatabase& db)
		{
			const std::string org = db.scalar("SELECT id FROM organizations");
			const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org +
				"', 'c', 'test_good') RETURNING id");
			const auto bulk = [&](const std::string& name, bool active, const std::string& frequency) {
				return db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode, "
					"schedule, schemas, active) VALUES ('" + org + "', '" + name + "', '" + connection + "', '" + connection +
					"', 'snapshot', '{\"frequency\": \"" + frequency + "\"}', '[{\"id\": \"t\"}]', " + (active ? "true" : "false") +
					") RETURNING id");
			};
			continuous = bulk("continuous", true, "continuous");
			manual = bulk("manual", false, "manual");
			queued = db.scalar("INSERT INTO bulk_sync_executions (bulk_sync_id, status) VALUES ('" + manual + "', 'queued') RETURNING id");
		}

		std::string continuous;
		std::string manual;
		std::string queued;
	};


	std::string refusal(const std::string& key, const std::string& deployment = TEST_DEPLOYMENT)
		/// What the server says when it refuses to start with key; fails when it starts.
	{
		TestDatabase db("licbad");
		auto env = licensedEnvironment(db, TestEnvironment::freePort(), key);
		env["DEPLOYMENT"] = deployment;
		int code = -1;
		const std::string output = runCommand({"serve"}, env, code);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, code);
		CPPUNIT_ASSERT(output.find("cannot start: the deployment key (DEPLOYMENT_KEY) cannot be used") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(output, output.find(key) == std::string::npos);
		// Refused before anything touched the database.
		CPPUNIT_ASSERT_EQUAL(std::string(""), db.scalar("SELECT to_regclass('organizations')::text"));
		return output;
	}


	bool eventually(const std::function<bool()>& condition, milliseconds timeout)
	{
		const auto deadline = std::chrono::steady_clock::now() + timeout;
		while (std::chrono::steady_clock::now() < deadline)
		{
			if (condition()) return true;
			std::this_thread::sleep_for(milliseconds(100));
		}
		return condition();
	}
}


void LicenseStartupTest::testValidKeyStartsAndSchedules()
{
	TestDatabase db("licvalid");
	const unsigned port = TestEnvironment::freePort();
	auto env = licensedEnvironment(db, port, issueTestKey(testLicense(200)));
	env["LOG_FORMAT"] = "json";
	auto server = startServer(env);
	CPPUNIT_ASSERT(server->output().find("\"msg\":\"licence: the deployment key (DEPLOYMENT_KEY) is valid until the end of") != std::string::npos);
	const ApiClient api(db, port);
	json::Value status = api.data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("licensed"), status.getString("mode"));
	CPPUNIT_ASSERT_EQUAL(std::string("valid"), status.getString("status"));
	CPPUNIT_ASSERT_EQUAL(TEST_DEPLOYMENT, status.getString("deployment"));
	CPPUNIT_ASSERT(status.getBool("executions_allowed", false));
	CPPUNIT_ASSERT(status["banner"].isNull());

	// With a valid key the scheduler queues and the workers claim.
	Fixture f(db);
	CPPUNIT_ASSERT_MESSAGE(server->output(), eventually([&] {
		return db.scalar("SELECT count(*) FROM bulk_sync_executions WHERE bulk_sync_id = '" + f.continuous + "'") != "0" &&
			db.scalar("SELECT status FROM bulk_sync_executions WHERE id = '" + f.queued + "'") != "queued";
	}, milliseconds(10000)));
	// The worker's log lines about the run carry its execution id.
	CPPUNIT_ASSERT_MESSAGE(server->output(), server->waitForOutput("\"logger\":\"polytomic.worker\",\"msg\":\"bulk_sync_id " +
		f.manual + ": execution " + f.queued + " started (attempt 1)\",\"execution_id\":\"" + f.queued + "\"}", milliseconds(5000)));
}


void LicenseStartupTest::testVendorToolKeyStartsTheServer()
{
	// The round trip: a key made by polytomic-license, accepted by the server that trusts its key pair.
	const std::string expires = license::License::formatDate(Poco::Timestamp() + Poco::Timespan(90, 0, 0, 0, 0));
	int code = -1;
	std::string key = ChildProcess::run(POLYTOMIC_LICENSE_TOOL, {"issue", "--key", TestEnvironment::sourceDir() +
		"/tests/kernel/license/fixtures/test-private.pem", "--deployment", TEST_DEPLOYMENT, "--customer", "Tool Round Trip Inc",
		"--expires", expires, "--max-syncs", "7"}, {}, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(key, 0, code);
	while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
	TestDatabase db("lictool");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(licensedEnvironment(db, port, key));
	json::Value status = ApiClient(db, port).data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("valid"), status.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("Tool Round Trip Inc"), status.getString("customer"));
	CPPUNIT_ASSERT_EQUAL(expires, status.getString("expires_at").substr(0, 10));
	CPPUNIT_ASSERT_EQUAL(int64_t(7), status["entitlements"].getInt64("max_active_syncs", -1));
}


void LicenseStartupTest::testForgedKeyRefusesToStart()
{
	std::string key = issueTestKey(testLicense(200));
	const std::size_t inSignature = key.rfind('.') + 10;
	key[inSignature] = key[inSignature] == 'A' ? 'B' : 'A';
	const std::string output = refusal(key);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("(bad signature)") != std::string::npos);
	CPPUNIT_ASSERT(output.find("is not signed by Polytomic") != std::string::npos);
}


void LicenseStartupTest::testMalformedKeyRefusesToStart()
{
	const std::string output = refusal("this-is-not-a-licence");
	CPPUNIT_ASSERT_MESSAGE(output, output.find("(malformed)") != std::string::npos);
}


void LicenseStartupTest::testWrongDeploymentRefusesToStart()
{
	const std::string output = refusal(issueTestKey(testLicense(200)), "someone-else");
	CPPUNIT_ASSERT_MESSAGE(output, output.find("(wrong deployment)") != std::string::npos);
	CPPUNIT_ASSERT(output.find("issued for deployment \"acme-test\", but DEPLOYMENT is \"someone-else\"") != std::string::npos);
}


void LicenseStartupTest::testShippedBinaryRefusesTestKeys()
{
	TestDatabase db("licship");
	auto env = licensedEnvironment(db, TestEnvironment::freePort(), issueTestKey(testLicense(200)));
	env["POLYTOMIC_BIN"] = TestEnvironment::binary();
	int code = -1;
	const std::string output = runCommand({"serve"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, code);
	CPPUNIT_ASSERT(output.find("(bad signature)") != std::string::npos);
}


void LicenseStartupTest::testExpiredWithinGraceWarns()
{
	TestDatabase db("licgrace");
	const unsigned port = TestEnvironment::freePort();
	auto env = licensedEnvironment(db, port, issueTestKey(testLicense(-3)));
	env["LOG_FORMAT"] = "json";
	auto server = startServer(env);
	const std::string output = server->output();
	CPPUNIT_ASSERT_MESSAGE(output, output.find("\"level\":\"warn\",\"logger\":\"polytomic\",\"msg\":\"licence: the deployment key "
		"(DEPLOYMENT_KEY) expired on") != std::string::npos);
	CPPUNIT_ASSERT(output.find("more days of grace") != std::string::npos);
	const ApiClient api(db, port);
	json::Value status = api.data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("expired_in_grace"), status.getString("status"));
	CPPUNIT_ASSERT(status.getBool("executions_allowed", false));
	CPPUNIT_ASSERT(status.getString("banner").find("of grace") != std::string::npos);
	Fixture f(db);
	HttpReply started = api.call("POST", "/api/bulk/syncs/" + f.continuous + "/executions");
	CPPUNIT_ASSERT(started.status == 200 || started.status == 409);
}


void LicenseStartupTest::testPastGraceStartsNothing()
{
	TestDatabase db("licpast");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(licensedEnvironment(db, port, issueTestKey(testLicense(-(license::LicenseStatus::GRACE_DAYS + 1)))));
	CPPUNIT_ASSERT(server->output().find("grace period ended") != std::string::npos);
	const ApiClient api(db, port);
	json::Value status = api.data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), status.getString("status"));
	CPPUNIT_ASSERT(!status.getBool("executions_allowed", true));

	Fixture f(db);
	HttpReply refused = api.call("POST", "/api/bulk/syncs/" + f.continuous + "/executions");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
	json::Value error = json::Value::parse(refused.body);
	CPPUNIT_ASSERT_EQUAL(std::string("license_expired"), error.getString("key"));
	CPPUNIT_ASSERT(error.getString("message").find("no new executions start") != std::string::npos);
	CPPUNIT_ASSERT(error.getString("message").find("expired") != std::string::npos);

	// The scheduler queues nothing, the workers claim nothing (several of their 200 ms rounds).
	std::this_thread::sleep_for(milliseconds(3000));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM bulk_sync_executions WHERE bulk_sync_id = '" + f.continuous + "'"));
	CPPUNIT_ASSERT_EQUAL(std::string("queued"), db.scalar("SELECT status FROM bulk_sync_executions WHERE id = '" + f.queued + "'"));

	// Nothing is deleted and the API keeps working.
	CPPUNIT_ASSERT_EQUAL(200, api.call("GET", "/api/bulk/syncs/" + f.manual).status);
	CPPUNIT_ASSERT_EQUAL(200, api.call("GET", "/api/bulk/syncs/" + f.manual + "/executions").status);
	CPPUNIT_ASSERT_EQUAL(std::string("2"), db.scalar("SELECT count(*) FROM bulk_syncs"));
}


void LicenseStartupTest::testSyncLimit()
{
	TestDatabase db("liclimit");
	const unsigned port = TestEnvironment::freePort();
	license::License limited = testLicense(200);
	limited.maxSyncs = 1;
	auto server = startServer(licensedEnvironment(db, port, issueTestKey(limited)));
	Fixture f(db); // one active bulk sync: the licence's maximum
	const std::string model = db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration) "
		"SELECT organization_id, 'm', id, '{\"table\": \"t\"}' FROM connections RETURNING id");
	const std::string sync = db.scalar("INSERT INTO syncs (organization_id, name, active, mode, model_id, target_connection_id, definition) "
		"SELECT organization_id, 's', false, 'create', '" + model + "', id, '{}' FROM connections RETURNING id");
	const ApiClient api(db, port);
	HttpReply refused = api.call("POST", "/api/syncs/" + sync + "/activate", R"({"active": true})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
	json::Value error = json::Value::parse(refused.body);
	CPPUNIT_ASSERT_EQUAL(std::string("license_sync_limit"), error.getString("key"));
	CPPUNIT_ASSERT(error.getString("message").find("the licence allows at most 1 active syncs (model and bulk syncs together), "
		"and 1 is active") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), error["metadata"].getString("max_active_syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("f"), db.scalar("SELECT active FROM syncs WHERE id = '" + sync + "'"));

	// Once the bulk sync is inactive, there is room.
	db.execute("UPDATE bulk_syncs SET active = false WHERE id = '" + f.continuous + "'");
	HttpReply accepted = api.call("POST", "/api/syncs/" + sync + "/activate", R"({"active": true})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.body, 200, accepted.status);
	CPPUNIT_ASSERT_EQUAL(std::string("t"), db.scalar("SELECT active FROM syncs WHERE id = '" + sync + "'"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1), api.data("/api/license")["usage"].getInt64("active_syncs", -1));
}


void LicenseStartupTest::testConnectorNotInLicence()
{
	TestDatabase db("licconn");
	const unsigned port = TestEnvironment::freePort();
	license::License limited = testLicense(200);
	limited.connectors = std::vector<std::string>{"postgresql"};
	auto env = licensedEnvironment(db, port, issueTestKey(limited));
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	auto server = startServer(env);
	const ApiClient api(db, port);
	HttpReply refused = api.call("POST", "/api/connections",
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5, "token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
	CPPUNIT_ASSERT(refused.body.find("\"key\":\"license_connector_not_allowed\"") != std::string::npos);
	CPPUNIT_ASSERT(refused.body.find("does not include the test_good connector (it includes: postgresql)") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM connections"));

	// A connection made before the licence changed: no sync may use it.
	Fixture f(db);
	json::Value body = json::Value::parse(api.call("GET", "/api/bulk/syncs/" + f.manual).body)["data"];
	HttpReply sync = api.call("PUT", "/api/bulk/syncs/" + f.manual, body.dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(sync.body, 403, sync.status);
	CPPUNIT_ASSERT(sync.body.find("\"key\":\"license_connector_not_allowed\"") != std::string::npos);
}


void LicenseStartupTest::testEvaluationBanner()
{
	TestDatabase db("liceval");
	const unsigned port = TestEnvironment::freePort();
	auto env = licensedEnvironment(db, port, "");
	env.erase("DEPLOYMENT_KEY");
	auto server = startServer(env);
	CPPUNIT_ASSERT(server->output().find("licence: EVALUATION mode without a deployment key: at most 5 active syncs") != std::string::npos);
	json::Value status = ApiClient(db, port).data("/api/license");
	CPPUNIT_ASSERT_EQUAL(std::string("evaluation"), status.getString("mode"));
	CPPUNIT_ASSERT_EQUAL(int64_t(5), status["entitlements"].getInt64("max_active_syncs", -1));
	CPPUNIT_ASSERT(status.getString("banner").find("Evaluation mode: at most 5 active syncs") == 0);
}


CppUnit::Test* LicenseStartupTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicenseStartupTest");
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testValidKeyStartsAndSchedules);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testVendorToolKeyStartsTheServer);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testForgedKeyRefusesToStart);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testMalformedKeyRefusesToStart);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testWrongDeploymentRefusesToStart);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testShippedBinaryRefusesTestKeys);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testExpiredWithinGraceWarns);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testPastGraceStartsNothing);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testSyncLimit);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testConnectorNotInLicence);
	POLYTOMIC_ADD_TEST(suite, LicenseStartupTest, testEvaluationBanner);
	return suite;
}
