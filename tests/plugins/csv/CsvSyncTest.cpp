//
// CsvSyncTest.cpp
//
// The CSV connector through the engine: bulk syncs from CSV files (quotes,
// line breaks, a BOM, Latin-1) into PostgreSQL, a model sync from PostgreSQL
// into a CSV file, the conformance harness, and the memory of a copy of a
// large file (a figure; CSV_VOLUME_MB sets its size, 64 by default).
//


#include "CsvSyncTest.h"
#include "ApiFixture.h"
#include "CsvFolder.h"
#include "LoadedPlugin.h"
#include "plugins/Executor.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sys/stat.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	struct Server
	{
		CsvFolder folder;   /// first: the server's executors inherit its CONNECTOR_CSV_ROOT
		TestDatabase app, warehouse;
		unsigned port;
		std::unique_ptr<ChildProcess> server;
		std::unique_ptr<ApiClient> admin;
		std::string warehouseId;

		explicit Server(const std::string& prefix):
			app(prefix + "app"),
			warehouse(prefix + "wh"),
			port(TestEnvironment::freePort())
		{
			auto env = serverEnvironment(app, port, "web,worker");
			env["CONNECTOR_CSV_ROOT"] = folder.root;
			server = startServer(env);
			admin = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
			warehouseId = createConnection(*admin, "Warehouse", warehouse);
		}

		std::string csvConnection(const std::string& name, json::Value configuration) const
		{
			json::Value body = json::Value::object();
			body.set("name", name);
			body.set("type", "csv");
			body.set("configuration", configuration);
			return admin->data("POST", "/api/connections", body.dump()).getString("id");
		}

		json::Value bulk(const std::string& source, const std::string& schema, const std::string& object) const
		{
			warehouse.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
			json::Value create = json::Value::parse(R"({"name": "Files to the warehouse", "mode": "snapshot"})");
			json::Value schemas = json::Value::array();
			schemas.push(object);
			create.set("schemas", schemas);
			json::Value destination = json::Value::object();
			destination.set("schema", schema);
			create.set("destination_configuration", destination);
			create.set("source_connection_id", source);
			create.set("destination_connection_id", warehouseId);
			const std::string id = admin->data("POST", "/api/bulk/syncs", create.dump()).getString("id");
			const std::string run = admin->data("POST", "/api/bulk/syncs/" + id + "/executions").getString("id");
			return waitForExecution(*admin, "/api/bulk/syncs/" + id + "/executions/" + run, 300);
		}
	};
}


void CsvSyncTest::testBulkSyncIntoPostgres()
{
	Server s("csvbulk");
	std::string people = "\xEF\xBB\xBFid,name,note,amount,born,seen,active\r\n";
	for (int i = 1; i <= 300; ++i)
		people += std::to_string(i) + ",\"Doe, J" + std::to_string(i) + "\",\"said \"\"hi\"\"\r\nthen left\"," + std::to_string(i) + ".25,1990-01-0" +
			std::to_string(1 + i % 9) + ",2026-01-01T00:00:" + (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z," + (i % 2 ? "true" : "false") + "\r\n";
	s.folder.write("utf8/people.csv", people);
	s.folder.write("latin/clients.csv", "id;city\n1;K\xF6ln\n2;\"S\xE3o Paulo\"\n3;Z\xFCrich\n");
	const std::string utf8 = s.csvConnection("Files", s.folder.config("utf8"));
	json::Value latinConfig = s.folder.config("latin");
	latinConfig.set("encoding", "latin-1");
	latinConfig.set("delimiter", ";");
	const std::string latin = s.csvConnection("Latin files", latinConfig);

	const json::Value done = s.bulk(utf8, "files", "people");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("300"), s.warehouse.scalar("SELECT count(*) FROM files.people"));
	CPPUNIT_ASSERT_EQUAL(std::string("Doe, J7|said \"hi\"\r\nthen left|7.25|1990-01-08|true"), s.warehouse.scalar(
		"SELECT name || '|' || note || '|' || amount || '|' || born || '|' || active FROM files.people WHERE id = 7"));
	CPPUNIT_ASSERT_EQUAL(std::string("bigint numeric date timestamp with time zone boolean"), s.warehouse.scalar(
		"SELECT string_agg(data_type, ' ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'files' AND "
		"table_name = 'people' AND column_name IN ('id', 'amount', 'born', 'seen', 'active')"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01 00:00:07+00"), s.warehouse.scalar("SELECT seen AT TIME ZONE 'UTC' || '+00' FROM files.people WHERE id = 7"));

	const json::Value cities = s.bulk(latin, "latin", "clients");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(cities.dump(), std::string("completed"), cities.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("Köln,São Paulo,Zürich"), s.warehouse.scalar("SELECT string_agg(city, ',' ORDER BY id) FROM latin.clients"));
}


void CsvSyncTest::testModelSyncIntoCsvFile()
{
	Server s("csvmodel");
	s.warehouse.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, first text, score numeric(10,2))");
	s.warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person, \"' || i || '\"', i * 1.5 FROM generate_series(1, 500) AS i");
	const std::string files = s.csvConnection("Exports", s.folder.config("."));
	json::Value model = json::Value::object();
	model.set("name", "People");
	model.set("connection_id", s.warehouseId);
	model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
	model.set("identifier", "email");
	const std::string modelId = s.admin->data("POST", "/api/models", model.dump()).getString("id");
	auto mapping = [&](const std::string& source, const std::string& target) {
		json::Value m = json::Value::object();
		json::Value field = json::Value::object();
		field.set("model_id", modelId);
		field.set("field", source);
		m.set("source", field);
		m.set("target", target);
		return m;
	};
	json::Value body = json::Value::object();
	body.set("name", "People to a file");
	body.set("mode", "append");
	json::Value target = json::Value::object();
	target.set("connection_id", files);
	target.set("object", "people_export");
	body.set("target", target);
	json::Value fields = json::Value::array();
	fields.push(mapping("email", "email"));
	fields.push(mapping("first", "first_name"));
	fields.push(mapping("score", "score"));
	body.set("fields", fields);
	const std::string sync = s.admin->data("POST", "/api/syncs", body.dump()).getString("id");
	auto run = [&] {
		const std::string id = s.admin->data("POST", "/api/syncs/" + sync + "/executions", "{}").getString("id");
		return waitForExecution(*s.admin, "/api/syncs/" + sync + "/executions/" + id, 300);
	};
	const json::Value done = run();
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	LoadedPlugin& csv = CsvFolder::plugin();
	auto read = csv.read(s.folder.config(), "people_export");
	CPPUNIT_ASSERT_EQUAL(std::size_t(500), read.rows.size());
	std::map<std::string, std::vector<json::Value>> byEmail;
	for (const auto& row: read.rows) byEmail[row[0].asString()] = row;
	CPPUNIT_ASSERT_EQUAL(std::size_t(500), byEmail.size());
	CPPUNIT_ASSERT_EQUAL(std::string("Person, \"42\""), byEmail.at("p42@example.com")[1].asString());
	CPPUNIT_ASSERT_EQUAL(std::string("63.00"), byEmail.at("p42@example.com")[2].asString());
	// Unchanged records are not appended again; a changed one is.
	s.warehouse.execute("UPDATE people SET score = 1 WHERE id = 3");
	const json::Value again = run();
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.dump(), std::string("completed"), again.getString("status"));
	read = csv.read(s.folder.config(), "people_export");
	CPPUNIT_ASSERT_EQUAL(std::size_t(501), read.rows.size());
	CPPUNIT_ASSERT_EQUAL(std::string("1.00"), read.rows.back()[2].asString());
}


void CsvSyncTest::testHarness()
{
	CsvFolder folder;
	std::string file = "\xEF\xBB\xBFid,name,amount,born,active\r\n";
	for (int i = 1; i <= 60; ++i)
		file += std::to_string(i) + ",\"Name, " + std::to_string(i) + "\nline two\"," + std::to_string(i) + ".50,2001-02-" + (i % 28 < 9 ? "0" : "") +
			std::to_string(1 + i % 28) + "," + (i % 2 ? "true" : "false") + "\r\n";
	folder.write("harness/people.csv", file);
	const std::string config = folder.path("config.json");
	{
		std::ofstream out(config);
		out << folder.config("harness").dump();
	}
	int exitCode = -1;
	const std::string output = ChildProcess::run(CONNECTOR_TEST_BIN, {CSV_PLUGIN, "--config", config, "--object", "people", "--strict"},
		{{"PATH", "/usr/bin:/bin"}, {"CONNECTOR_CSV_ROOT", folder.root}}, exitCode, std::chrono::milliseconds(300000));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, exitCode);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("16 passed, 0 failed") != std::string::npos || output.find(" 0 failed") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("PASS  write snapshot removes the records it was not given") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("PASS  write append is idempotent") != std::string::npos);
}


void CsvSyncTest::testLargeFileMemoryFlat()
{
	CsvFolder folder;
	const char* size = std::getenv("CSV_VOLUME_MB");
	const uint64_t bytes = static_cast<uint64_t>(size ? std::atoll(size) : 64) << 20;
	const std::string path = folder.path("big/events.csv");
	TestEnvironment::shell("mkdir -p '" + folder.path("big") + "'");
	uint64_t rows = 0;
	{
		std::ofstream out(path, std::ios::binary);
		out << "id,name,note,amount,day,at\r\n";
		std::string line;
		while (static_cast<uint64_t>(out.tellp()) < bytes)
		{
			++rows;
			line = std::to_string(rows) + ",\"Customer " + std::to_string(rows) + ", Ltd\",\"first line\r\nsecond \"\"quoted\"\" line\"," +
				std::to_string(rows % 100000) + ".99,2026-0" + std::to_string(1 + rows % 9) + "-1" + std::to_string(rows % 10) + ",2026-01-01T12:00:00Z\r\n";
			out << line;
		}
	}
	json::Value request = json::Value::object();
	request.set("operation", "copy");
	json::Value source = json::Value::object();
	source.set("plugin", CSV_PLUGIN);
	source.set("config", folder.config("big"));
	source.set("read", json::Value::parse(R"({"object": "events", "batch_rows": 10000})"));
	request.set("source", source);
	json::Value destination = json::Value::object();
	destination.set("plugin", CSV_PLUGIN);
	destination.set("config", folder.config("big"));
	destination.set("write", json::Value::parse(R"({"object": "events_copy", "mode": 64})"));
	request.set("destination", destination);
	plugins::Executor executor(TestEnvironment::binary());
	plugins::Executor::Limits limits;
	limits.timeout = std::chrono::minutes(30);
	const auto started = std::chrono::steady_clock::now();
	const json::Value result = executor.run(request, limits);
	const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
	CPPUNIT_ASSERT_EQUAL_MESSAGE(result.dump(), static_cast<long long>(rows), static_cast<long long>(result["records_written"].asInt64()));
	struct stat copied;
	CPPUNIT_ASSERT_EQUAL(0, ::stat(folder.path("big/events_copy.csv").c_str(), &copied));
	const long long peak = result["peak_rss_bytes"].asInt64();
	std::cout << "\n[figure] CSV copy of a " << (bytes >> 20) << " MiB file (" << rows << " rows) into a new CSV file (snapshot): peak RSS of "
			  << "the executor " << (peak >> 20) << " MiB, " << seconds << " s (" << static_cast<long long>(rows / seconds) << " rows/s), "
			  << (copied.st_size >> 20) << " MiB written" << std::endl;
	// A batch of 10,000 rows of about 110 bytes and the queue of a few: far less than the file.
	CPPUNIT_ASSERT_MESSAGE(std::to_string(peak >> 20) + " MiB", peak < (200LL << 20));
	::unlink(path.c_str());
	::unlink(folder.path("big/events_copy.csv").c_str());
}


CppUnit::Test* CsvSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("CsvSyncTest");
	POLYTOMIC_ADD_TEST(suite, CsvSyncTest, testBulkSyncIntoPostgres);
	POLYTOMIC_ADD_TEST(suite, CsvSyncTest, testModelSyncIntoCsvFile);
	POLYTOMIC_ADD_TEST(suite, CsvSyncTest, testHarness);
	POLYTOMIC_ADD_TEST(suite, CsvSyncTest, testLargeFileMemoryFlat);
	return suite;
}
