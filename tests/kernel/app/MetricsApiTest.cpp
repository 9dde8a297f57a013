//
// MetricsApiTest.cpp
//
// GET /metrics of a running server, checked line by line and by promtool.
//


#include "MetricsApiTest.h"
#include "LicensedServer.h"
#include "support/TestDriver.h"
#include "Poco/FileStream.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <regex>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	double valueOf(const std::string& text, const std::string& series)
		/// The value of the sample series (name{labels}), or -1 when absent.
	{
		const auto at = text.find("\n" + series + " ");
		if (at == std::string::npos) return -1;
		return std::stod(text.substr(at + series.size() + 2));
	}
}


void MetricsApiTest::testMetricsOfARunningServer()
{
	TestDatabase db("metrics");
	const unsigned port = TestEnvironment::freePort();
	auto env = licensedEnvironment(db, port, issueTestKey(testLicense(30)));
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["ROLE"] = "web";
	auto server = startServer(env);
	const ApiClient api(db, port);

	// Executions in the database: one finished bulk run with its records, one waiting.
	const std::string org = db.scalar("SELECT id FROM organizations");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type, configuration) VALUES ('" + org +
		"', 'c', 'test_good', '{\"rows\": 5, \"fail_at\": 1, \"behaviour\": \"segfault\"}') RETURNING id");
	const auto bulk = [&](const std::string& name) {
		return db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode) VALUES ('" +
			org + "', '" + name + "', '" + connection + "', '" + connection + "', 'snapshot') RETURNING id");
	};
	db.execute("INSERT INTO bulk_sync_executions (bulk_sync_id, status, schemas) VALUES ('" + bulk("a") +
		"', 'completed', '[{\"id\": \"t\", \"records\": 10, \"errors\": 1}]')");
	db.execute("INSERT INTO bulk_sync_executions (bulk_sync_id, status) VALUES ('" + bulk("b") + "', 'queued')");

	CPPUNIT_ASSERT_EQUAL(200, api.call("GET", "/api/license").status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/no/such/thing").status);
	// A connector that crashes its executor: the request fails, the crash is counted.
	HttpReply crashed = api.call("POST", "/api/model-preview", "{\"connection_id\": \"" + connection + "\", \"configuration\": {\"table\": \"numbers\"}}");
	CPPUNIT_ASSERT_MESSAGE(crashed.body, crashed.status >= 400);

	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::get(port, "/metrics").status);
	HttpReply reply = api.call("GET", "/metrics");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"), reply.headers["Content-Type"]);
	const std::string text = "\n" + reply.body;

	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_http_requests_total{method=\"GET\",route=\"/api/license\",status=\"200\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_http_request_duration_seconds_count{method=\"GET\",route=\"/api/license\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_executions{kind=\"bulk_sync\",status=\"completed\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_execution_queue_depth{kind=\"bulk_sync\"}"));
	CPPUNIT_ASSERT_EQUAL(0.0, valueOf(text, "polytomic_execution_queue_depth{kind=\"sync\"}"));
	CPPUNIT_ASSERT_EQUAL(10.0, valueOf(text, "polytomic_records_total{kind=\"bulk_sync\",direction=\"written\",result=\"ok\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_records_total{kind=\"bulk_sync\",direction=\"written\",result=\"error\"}"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(crashed.body, 1.0, valueOf(text, "polytomic_executor_crashes_total{reason=\"crashed\"}"));
	CPPUNIT_ASSERT_EQUAL(0.0, valueOf(text, "polytomic_executor_crashes_total{reason=\"timed_out\"}"));
	CPPUNIT_ASSERT_EQUAL(10.0, valueOf(text, "polytomic_database_connections_max"));
	CPPUNIT_ASSERT(valueOf(text, "polytomic_database_connections{state=\"idle\"}") >= 0);
	CPPUNIT_ASSERT(valueOf(text, "polytomic_database_connections{state=\"in_use\"}") >= 0);
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_license_info{mode=\"licensed\",status=\"valid\"}"));
	CPPUNIT_ASSERT_EQUAL(1.0, valueOf(text, "polytomic_license_executions_allowed"));
	const double left = valueOf(text, "polytomic_license_remaining_seconds");
	CPPUNIT_ASSERT_MESSAGE(std::to_string(left), left > 43.9 * 86400 && left <= 44 * 86400);
	// No path with an id becomes a series of its own.
	CPPUNIT_ASSERT(text.find(connection) == std::string::npos);

	Poco::TemporaryFile file;
	{
		Poco::FileOutputStream out(file.path());
		out << reply.body;
	}
	CPPUNIT_ASSERT_EQUAL_MESSAGE("promtool check metrics (Debian package prometheus) refused:\n" + reply.body, 0,
		TestEnvironment::shell("promtool check metrics < " + file.path()));
}


CppUnit::Test* MetricsApiTest::suite()
{
	auto* suite = new CppUnit::TestSuite("MetricsApiTest");
	POLYTOMIC_ADD_TEST(suite, MetricsApiTest, testMetricsOfARunningServer);
	return suite;
}
