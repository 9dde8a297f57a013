//
// JobsApiTest.cpp
//
// The API's background jobs (?async=true, GET /api/jobs/{type}/{id}) through
// HTTP, on a real server with the test connectors, as callers of one
// organization: whose they are and how many one caller may hold.
//


#include "JobsApiTest.h"
#include "LicensedServer.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <chrono>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	struct Organization
		/// A server with the test connectors, called as its deployment key or as any bearer key.
	{
		explicit Organization(TestDatabase& database, const std::map<std::string, std::string>& extra = {}):
			db(database),
			port(TestEnvironment::freePort()),
			server(startServer(environment(extra))),
			deployment(db, port),
			id(db.scalar("SELECT id FROM organizations"))
		{
		}

		std::map<std::string, std::string> environment(const std::map<std::string, std::string>& extra) const
		{
			auto env = evaluationEnvironment(db.url(), port);
			env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
			env["DEPLOYMENT_API_KEY"] = TEST_API_KEY;
			for (const auto& [name, value]: extra) env[name] = value;
			return env;
		}

		HttpReply as(const std::string& authorization, const std::string& method, const std::string& path, const std::string& body = "") const
		{
			return HttpProbe::request(port, method, path, body, {{"Authorization", authorization}, {"Content-Type", "application/json"}});
		}

		std::string bearerOf(const std::string& email, const std::string& role) const
			/// "Bearer <key>" of a new user with the role.
		{
			const HttpReply user = deployment.call("POST", "/api/organization/users", R"({"email": ")" + email + R"(", "role": ")" + role + R"("})");
			CPPUNIT_ASSERT_EQUAL_MESSAGE(user.body, 200, user.status);
			const std::string userId = json::Value::parse(user.body)["data"].getString("id");
			const HttpReply key = deployment.call("POST", "/api/organizations/" + id + "/users/" + userId + "/keys", R"({"force": true})");
			CPPUNIT_ASSERT_EQUAL_MESSAGE(key.body, 200, key.status);
			return "Bearer " + json::Value::parse(key.body)["data"].getString("value");
		}

		std::string model(const std::string& configuration) const
			/// A model of the numbers table on a new test connection of that configuration, made in the database
			/// (a connection that never answers could not be previewed to make it).
		{
			const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type, configuration) VALUES ('" + id +
				"', 'c', 'test_good', '" + configuration + "') RETURNING id");
			return db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration, fields) VALUES ('" + id + "', 'm', '" +
				connection + "', '{\"table\": \"numbers\"}', '[{\"name\": \"id\", \"type\": \"int64\"}]') RETURNING id");
		}

		TestDatabase& db;
		unsigned port;
		std::unique_ptr<ChildProcess> server;
		ApiClient deployment;
		std::string id;
	};


	json::Value body(const HttpReply& reply)
	{
		return json::Value::parse(reply.body);
	}
}


void JobsApiTest::testAJobIsSeenOnlyByWhoStartedIt()
{
	// The attack: a viewer read the result of an admin's job (a preview it may not run itself) by its id.
	TestDatabase db("apijobsowner");
	Organization org(db);
	const std::string admin = org.bearerOf("ada@example.com", "admin");
	const std::string viewer = org.bearerOf("vic@example.com", "viewer");
	const std::string model = org.model(R"({"rows": 3})");
	const HttpReply submitted = org.as(admin, "GET", "/api/models/" + model + "/sample?async=true");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(submitted.body, 202, submitted.status);
	const std::string job = body(submitted)["job"].getString("job_id");
	const std::string path = "/api/jobs/samplemodel/" + job;
	json::Value seen;
	for (int i = 0; i < 500 && seen.getString("status") != "done"; ++i)
	{
		const HttpReply polled = org.as(admin, "GET", path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(polled.body, 200, polled.status);
		seen = body(polled)["data"];
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	}
	CPPUNIT_ASSERT_EQUAL_MESSAGE(seen.dump(), std::string("done"), seen.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), seen["result"]["records"].size());

	// Anyone else of the organization: 404, worded as for an id that never was (no oracle).
	const std::string unknown = "0b5c0f9e-1111-4222-8333-444455556666";
	const HttpReply never = org.as(viewer, "GET", "/api/jobs/samplemodel/" + unknown);
	CPPUNIT_ASSERT_EQUAL(404, never.status);
	for (const std::string& other: {viewer, org.bearerOf("bea@example.com", "admin"), org.deployment.authorization})
	{
		const HttpReply refused = org.as(other, "GET", path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 404, refused.status);
		CPPUNIT_ASSERT(refused.body.find("records") == std::string::npos);
		std::string worded = body(never).getString("message");
		worded.replace(worded.find(unknown), unknown.size(), job);
		CPPUNIT_ASSERT_EQUAL(worded, body(refused).getString("message"));
	}
	CPPUNIT_ASSERT_EQUAL(200, org.as(admin, "GET", path).status);
}


void JobsApiTest::testOneCallerCannotFillTheJobQueue()
{
	// The attack: one caller filled the 32 places of the job queue and every other caller got 429.
	// Each job here waits for the executor's time limit (a connector that never answers).
	TestDatabase db("apijobscap");
	Organization org(db, {{"EXECUTOR_CHECK_TIMEOUT", "5"}});
	const std::string model = org.model(R"({"rows": 3, "fail_at": 1, "behaviour": "wait_for_cancel"})");
	const std::string sample = "/api/models/" + model + "/sample?async=true";
	std::vector<int> statuses;
	HttpReply refused;
	for (int i = 0; i < 5; ++i)
	{
		const HttpReply reply = org.deployment.call("GET", sample);
		statuses.push_back(reply.status);
		if (reply.status == 429) refused = reply;
	}
	CPPUNIT_ASSERT(statuses == std::vector<int>({202, 202, 429, 429, 429}));
	CPPUNIT_ASSERT_EQUAL(std::string("too_many_jobs"), body(refused).getString("key"));
	const std::string message = body(refused).getString("message");
	CPPUNIT_ASSERT_MESSAGE(message, message.find("2 of your jobs and queries are waiting or running") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(message, message.find("wait for them to finish") != std::string::npos);
	// Another caller of the same organization is not held up by the first one's jobs.
	const HttpReply key = org.deployment.call("POST", "/api/organization/keys");
	const std::string organizationKey = "Bearer " + body(key)["data"].getString("value");
	CPPUNIT_ASSERT_EQUAL(202, org.as(organizationKey, "GET", sample).status);
	CPPUNIT_ASSERT_EQUAL(202, org.as(org.bearerOf("ada@example.com", "member"), "GET", sample).status);
	// Once its jobs end (failed: the time limit), the first caller may submit again.
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	int again = 0;
	while ((again = org.deployment.call("GET", sample).status) == 429 && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(200));
	CPPUNIT_ASSERT_EQUAL(202, again);
}


void JobsApiTest::testASynchronousSampleTakesAPlace()
{
	// The attack: a sample without ?async skipped the runner, so 30 parallel requests ran 30 executors at once.
	// It takes a place in the runner as a job does: beyond the caller's cap it is 429, within it the answer is the result.
	TestDatabase db("apijobssync");
	Organization org(db, {{"EXECUTOR_CHECK_TIMEOUT", "5"}});
	const std::string quick = org.model(R"({"rows": 3})");
	const HttpReply answered = org.deployment.call("GET", "/api/models/" + quick + "/sample");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(answered.body, 200, answered.status);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), body(answered)["data"]["records"].size());
	const std::string slow = org.model(R"({"rows": 3, "fail_at": 1, "behaviour": "wait_for_cancel"})");
	for (int i = 0; i < 2; ++i) CPPUNIT_ASSERT_EQUAL(202, org.deployment.call("GET", "/api/models/" + slow + "/sample?async=true").status);
	const HttpReply refused = org.deployment.call("GET", "/api/models/" + quick + "/sample");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 429, refused.status);
	CPPUNIT_ASSERT_EQUAL(std::string("too_many_jobs"), body(refused).getString("key"));
	CPPUNIT_ASSERT(body(refused).getString("message").find("wait for them to finish") != std::string::npos);
}


CppUnit::Test* JobsApiTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JobsApiTest");
	POLYTOMIC_ADD_TEST(suite, JobsApiTest, testAJobIsSeenOnlyByWhoStartedIt);
	POLYTOMIC_ADD_TEST(suite, JobsApiTest, testOneCallerCannotFillTheJobQueue);
	POLYTOMIC_ADD_TEST(suite, JobsApiTest, testASynchronousSampleTakesAPlace);
	return suite;
}
