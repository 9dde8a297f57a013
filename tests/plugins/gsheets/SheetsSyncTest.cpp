//
// SheetsSyncTest.cpp
//
// The Google Sheets connector through the engine and the REST API, against the
// Google fake: model syncs from PostgreSQL into sheets in each mode, a bulk
// sync from a sheet into PostgreSQL, quota refusals and ambiguous failures,
// Google's cell and request limits, and the conformance harness.
//


#include "SheetsSyncTest.h"
#include "SheetsWorkbook.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const char* PEOPLE = "email, name, score::float8::text";


	void assertCompleted(const json::Value& execution)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(execution.dump(), std::string("completed"), execution.getString("status"));
	}


	std::string firstError(const ApiClient& api, const std::string& path)
		/// The message of the first entry of an execution's error log (fetched through its signed link).
	{
		const json::Value urls = api.data("GET", path)["urls"];
		if (urls.size() == 0) return "";
		const std::string link = urls[0].asString();
		const HttpReply file = HttpProbe::get(api.port, link.substr(link.find("/api/execution-logs/")));
		const json::Value entries = json::Value::parse(file.body);
		return entries.size() ? entries[0].getString("message") : "";
	}
}


void SheetsSyncTest::testModelSyncInEachMode()
{
	SheetsWorkbook book("gsmodes", 120);

	// updateOrCreate into a sheet that does not exist yet: it is made, with the mapped fields as its header.
	const std::string upsert = book.sync("updateOrCreate", "People");
	assertCompleted(book.run(upsert));
	const auto people = book.google.text(book.spreadsheetId, "People");
	CPPUNIT_ASSERT_EQUAL(std::size_t(121), people.size());
	CPPUNIT_ASSERT(people[0] == std::vector<std::string>({"email", "name", "score"}));
	CPPUNIT_ASSERT(book.rows("People") == book.expected(PEOPLE));
	// A re-run writes nothing; a changed record is updated in its row, a new one appended.
	std::size_t before = book.google.writeRequests();
	json::Value again = book.run(upsert);
	assertCompleted(again);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), SheetsWorkbook::count(again, "upserts"));
	CPPUNIT_ASSERT_EQUAL(before, book.google.writeRequests());
	book.warehouse.execute("UPDATE people SET name = 'Renamed' WHERE id = 7");
	book.warehouse.execute("INSERT INTO people VALUES (500, 'p500@example.com', 'Newcomer', 2.25, NULL)");
	assertCompleted(book.run(upsert));
	CPPUNIT_ASSERT(book.rows("People") == book.expected(PEOPLE));
	CPPUNIT_ASSERT_EQUAL(std::size_t(122), book.google.values(book.spreadsheetId, "People").size());
	book.admin->call("DELETE", "/api/syncs/" + upsert);

	// append: every record once; a re-run of the unchanged model appends nothing.
	const std::string append = book.sync("append", "Log");
	assertCompleted(book.run(append));
	CPPUNIT_ASSERT(book.rows("Log") == book.expected(PEOPLE));
	before = book.google.writeRequests();
	assertCompleted(book.run(append));
	CPPUNIT_ASSERT_EQUAL(before, book.google.writeRequests());
	CPPUNIT_ASSERT(book.rows("Log") == book.expected(PEOPLE));
	book.admin->call("DELETE", "/api/syncs/" + append);

	// snapshot: the sheet ends with exactly the model's rows: deleted people's rows gone, a cleared value cleared.
	const std::string snapshot = book.sync("snapshot", "Roster");
	assertCompleted(book.run(snapshot));
	CPPUNIT_ASSERT(book.rows("Roster") == book.expected(PEOPLE));
	book.warehouse.execute("DELETE FROM people WHERE id % 10 = 3");
	book.warehouse.execute("UPDATE people SET score = NULL WHERE id = 8");
	const json::Value second = book.run(snapshot);
	assertCompleted(second);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.dump(), int64_t(12), SheetsWorkbook::count(second, "delete"));
	CPPUNIT_ASSERT(book.rows("Roster") == book.expected("email, name, coalesce(score::float8::text, '')"));
	const auto roster = book.google.text(book.spreadsheetId, "Roster");
	CPPUNIT_ASSERT_EQUAL(std::size_t(110), roster.size()); // the header and 109 people: no blank rows left where people were
	for (const auto& row: roster) CPPUNIT_ASSERT(!row.empty() && !row[0].empty());
	before = book.google.writeRequests();
	const json::Value third = book.run(snapshot);
	assertCompleted(third);
	CPPUNIT_ASSERT_EQUAL(before, book.google.writeRequests());
}


void SheetsSyncTest::testBulkSyncIntoPostgres()
{
	SheetsWorkbook book("gsbulk", 1);
	std::vector<FakeGoogleSheets::Row> rows{{"order_id", "customer", "amount", "paid", "ordered_on", "shipped_at", "", "customer"}};
	for (int i = 1; i <= 300; ++i)
		rows.push_back({static_cast<long long>(i), "Customer " + std::to_string(i), i + 0.25, i % 2 == 0, "2024-03-" + std::string(i % 28 < 9 ? "0" : "") +
			std::to_string(i % 28 + 1), "2024-04-01T10:00:0" + std::to_string(i % 10) + "Z", "x", "dup " + std::to_string(i)});
	rows.push_back({}); // a blank row is no record
	rows.push_back({301LL, "Last", 1.5, true, "2024-05-01", "2024-05-02 08:30:00", "y", "dup 301"});
	book.google.addSheet(book.spreadsheetId, "Orders", rows);
	json::Value create = json::Value::parse(R"({"name": "Orders to the warehouse", "mode": "snapshot", "schemas": ["Orders"],
		"destination_configuration": {"schema": "sheets"}})");
	create.set("source_connection_id", book.sheetsId);
	create.set("destination_connection_id", book.warehouseId);
	book.warehouse.execute("CREATE SCHEMA sheets");
	const std::string syncId = book.admin->data("POST", "/api/bulk/syncs", create.dump()).getString("id");
	const std::string executionId = book.admin->data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	const json::Value done = waitForExecution(*book.admin, "/api/bulk/syncs/" + syncId + "/executions/" + executionId, 300);
	assertCompleted(done);
	const std::string table = book.warehouse.scalar("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'sheets'");
	CPPUNIT_ASSERT_EQUAL(std::string("301"), book.warehouse.scalar("SELECT count(*) FROM sheets." + table));
	// The types inferred from the values: numbers exact, booleans, dates, timestamps; a header without a name, a repeated one.
	CPPUNIT_ASSERT_EQUAL(std::string("_row:bigint,amount:numeric,column_G:text,customer:text,customer_2:text,order_id:numeric,ordered_on:date,"
		"paid:boolean,shipped_at:timestamp with time zone"), book.warehouse.scalar(
		"SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'sheets'"));
	CPPUNIT_ASSERT_EQUAL(std::string("8|7|Customer 7|7.25|false|2024-03-08|2024-04-01 10:00:07+00"), book.warehouse.scalar(
		"SELECT _row || '|' || order_id || '|' || customer || '|' || amount || '|' || paid || '|' || ordered_on || '|' || "
		"(shipped_at AT TIME ZONE 'UTC')::text || '+00' FROM sheets." + table + " WHERE order_id = 7"));
	CPPUNIT_ASSERT_EQUAL(std::string("303|2024-05-02 08:30:00"), book.warehouse.scalar(
		"SELECT _row || '|' || (shipped_at AT TIME ZONE 'UTC')::text FROM sheets." + table + " WHERE customer = 'Last'"));
}


void SheetsSyncTest::testQuotaRefusalsWriteNothingTwice()
{
	SheetsWorkbook book("gsquota", 400);
	// The connection is told 600 requests a minute, and the user's quota allows 4 every 2 s: most calls are refused with 429 at first.
	json::Value replace = json::Value::object();
	replace.set("name", "Sheets");
	json::Value configuration = book.configuration();
	configuration.set("requests_per_minute", 600);
	replace.set("configuration", configuration);
	book.admin->data("PUT", "/api/connections/" + book.sheetsId, replace.dump());
	book.google.setUserQuota(4, std::chrono::milliseconds(2000));
	book.google.refuseNext(3, 403); // Drive's older shape: 403 rateLimitExceeded
	const std::string sync = book.sync("updateOrCreate", "People");
	assertCompleted(book.run(sync));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(book.google.refused()), book.google.refused() > 3);
	CPPUNIT_ASSERT(book.rows("People") == book.expected(PEOPLE));

	// An append Google carried out but answered 502 for is not sent again; the next run finds its rows and updates them.
	book.google.setUserQuota(0, std::chrono::milliseconds(1000));
	book.warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Late ' || i, 1, NULL FROM generate_series(401, 450) AS i");
	book.google.failAfterActing(1, 502);
	const json::Value ambiguous = book.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(ambiguous.dump(), int64_t(50), SheetsWorkbook::count(ambiguous, "error"));
	const std::string why = firstError(*book.admin, "/api/syncs/" + sync + "/executions/" + ambiguous.getString("id") + "/errors");
	CPPUNIT_ASSERT_MESSAGE(why, why.find("not sent again") != std::string::npos);
	CPPUNIT_ASSERT(book.rows("People") == book.expected(PEOPLE));
	assertCompleted(book.run(sync));
	CPPUNIT_ASSERT(book.rows("People") == book.expected(PEOPLE));
	CPPUNIT_ASSERT_EQUAL(std::size_t(451), book.google.values(book.spreadsheetId, "People").size());
}


void SheetsSyncTest::testOversizedCellsAndRequests()
{
	SheetsWorkbook book("gsbig", 0);
	// 240 notes of 45,000 characters (over 10 MB in all) and one of 60,000, past what a cell holds.
	book.warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, i, repeat(chr(97 + i % 26), 45000) "
		"FROM generate_series(1, 240) AS i");
	book.warehouse.execute("INSERT INTO people VALUES (999, 'long@example.com', 'Long', 1, repeat('z', 60000))");
	const std::string sync = book.sync("updateOrCreate", "Notes", {"name", "note"});
	const json::Value done = book.run(sync);
	assertCompleted(done);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), int64_t(1), SheetsWorkbook::count(done, "error"));
	const std::string why = firstError(*book.admin, "/api/syncs/" + sync + "/executions/" + done.getString("id") + "/errors");
	CPPUNIT_ASSERT_MESSAGE(why, why.find("50,000 characters") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(std::to_string(book.google.largestRequest()), book.google.largestRequest() <= FakeGoogleSheets::REQUEST_LIMIT);
	CPPUNIT_ASSERT(book.google.largestRequest() > 1000000);
	CPPUNIT_ASSERT(book.rows("Notes") == book.expected("email, name, note", "id <> 999"));
}


void SheetsSyncTest::testHarness()
{
	FakeGoogleSheets google("id", "secret");
	const std::string spreadsheet = google.addSpreadsheet("Harness");
	std::vector<FakeGoogleSheets::Row> rows{{"email", "name", "score", "active"}};
	for (int i = 0; i < 30; ++i)
		rows.push_back({"h" + std::to_string(i) + "@example.com", "H" + std::to_string(i), i * 0.5, i % 3 == 0});
	google.addSheet(spreadsheet, "People", rows);
	const std::string config = "/tmp/gsheets-harness-" + std::to_string(::getpid()) + ".json";
	json::Value c = json::Value::object();
	c.set("spreadsheet", spreadsheet);
	c.set("sheets_url", google.url(""));
	c.set("drive_url", google.url(""));
	c.set("access_token", google.issueAccessToken());
	c.set("requests_per_minute", 6000); // each check is an executor with a budget of its own: spacing them only slows the run
	{
		std::ofstream out(config);
		out << c.dump();
	}
	int exitCode = -1;
	const std::string output = ChildProcess::run(CONNECTOR_TEST_BIN, {GSHEETS_PLUGIN, "--config", config, "--object", "People",
		"--identity", "email", "--write-fields", "email,name,score,active", "--strict"}, {{"PATH", "/usr/bin:/bin"}}, exitCode,
		std::chrono::milliseconds(300000));
	std::remove(config.c_str());
	CPPUNIT_ASSERT_MESSAGE(output, output.find("write snapshot removes the records it was not given") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, exitCode);
	CPPUNIT_ASSERT_MESSAGE(output, output.find(" 0 failed") != std::string::npos);
	if (std::getenv("GSHEETS_HARNESS_OUTPUT")) std::cout << output;
}


CppUnit::Test* SheetsSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SheetsSyncTest");
	POLYTOMIC_ADD_TEST(suite, SheetsSyncTest, testModelSyncInEachMode);
	POLYTOMIC_ADD_TEST(suite, SheetsSyncTest, testBulkSyncIntoPostgres);
	POLYTOMIC_ADD_TEST(suite, SheetsSyncTest, testQuotaRefusalsWriteNothingTwice);
	POLYTOMIC_ADD_TEST(suite, SheetsSyncTest, testOversizedCellsAndRequests);
	POLYTOMIC_ADD_TEST(suite, SheetsSyncTest, testHarness);
	return suite;
}
