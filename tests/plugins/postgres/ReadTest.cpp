//
// ReadTest.cpp
//


#include "ReadTest.h"
#include "PostgresHarness.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cppunit/TestAssert.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>


using polytomic::json::Value;
using polytomic::plugins::Batch;
using polytomic::plugins::ConnectorError;
using polytomic::sdk::Type;
using polytomic::test::TestDatabase;


namespace
{
	using Spec = PostgresHarness::Session::ReadSpec;


	Spec spec(const TestDatabase& db, const std::string& object, int64_t batchRows = 0)
	{
		Spec s;
		s.config = PostgresHarness::config(db);
		s.object = object;
		s.batchRows = batchRows;
		return s;
	}


	std::string value(const PostgresHarness::Row& row, std::size_t column)
	{
		return row.at(column) ? *row.at(column) : "NULL";
	}
}


void ReadTest::testReadTableInBatches()
{
	TestDatabase db("pgread");
	db.execute("CREATE TABLE items (id integer PRIMARY KEY, name text, price numeric(10,2)); "
		"INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 25) g");
	PostgresHarness harness;
	auto outcome = harness.read(spec(db, "public.items", 10));
	CPPUNIT_ASSERT(outcome.completed);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), outcome.batches.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), outcome.batches[0].size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), outcome.batches[1].size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), outcome.batches[2].size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), outcome.fields.size());
	CPPUNIT_ASSERT(outcome.fields[0].type == Type::Int64);
	CPPUNIT_ASSERT(outcome.fields[1].type == Type::String);
	CPPUNIT_ASSERT(outcome.fields[2].type == Type::Decimal);
	CPPUNIT_ASSERT(outcome.states[0].empty());
	auto rows = outcome.rows();
	CPPUNIT_ASSERT_EQUAL(std::size_t(25), rows.size());
	int64_t sum = 0;
	for (const auto& row: rows) sum += std::stoll(value(row, 0));
	CPPUNIT_ASSERT_EQUAL(int64_t(325), sum);
	for (const auto& row: rows)
		if (value(row, 0) == "7")
		{
			CPPUNIT_ASSERT_EQUAL(std::string("item 7"), value(row, 1));
			CPPUNIT_ASSERT_EQUAL(std::string("8.75"), value(row, 2));
		}

	// An empty table: one empty batch, which still carries the fields.
	db.execute("CREATE TABLE empty (a integer, b text)");
	outcome = harness.read(spec(db, "empty"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), outcome.batches.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), outcome.batches[0].size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), outcome.fields.size());
}


void ReadTest::testReadFields()
{
	TestDatabase db("pgreadfields");
	db.execute("CREATE TABLE t (a integer, \"B b\" text, c boolean); INSERT INTO t VALUES (1, 'x', true), (2, NULL, false)");
	PostgresHarness harness;
	Spec s = spec(db, "public.t");
	s.fields = {"c", "B b"};
	auto outcome = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), outcome.fields.size());
	CPPUNIT_ASSERT_EQUAL(std::string("c"), outcome.fields[0].name);
	CPPUNIT_ASSERT_EQUAL(std::string("B b"), outcome.fields[1].name);
	auto rows = outcome.rows();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
	CPPUNIT_ASSERT((value(rows[0], 0) == "true" && value(rows[0], 1) == "x") || (value(rows[1], 0) == "true" && value(rows[1], 1) == "x"));

	s.fields = {"nope"};
	CPPUNIT_ASSERT_THROW(harness.read(s), ConnectorError);
}


void ReadTest::testReadQuery()
{
	TestDatabase db("pgreadquery");
	db.execute("CREATE TABLE a (id integer, name text); CREATE TABLE b (id integer, score real);"
		"INSERT INTO a SELECT g, 'n' || g FROM generate_series(1, 10) g; INSERT INTO b SELECT g, g / 2.0 FROM generate_series(1, 10) g");
	PostgresHarness harness;
	Spec s;
	s.config = PostgresHarness::config(db);
	s.query = "SELECT a.id, a.name, b.score, a.id * 2 AS twice, ARRAY[a.id, b.id] AS pair, 1 AS id\n"
		"FROM a JOIN b USING (id) WHERE a.id <= 4 ORDER BY a.id ;\n";
	auto outcome = harness.read(s);
	CPPUNIT_ASSERT(outcome.completed);
	auto rows = outcome.rows();
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), rows.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), outcome.fields.size());
	CPPUNIT_ASSERT_EQUAL(std::string("id"), outcome.fields[0].name);
	CPPUNIT_ASSERT_EQUAL(std::string("id_2"), outcome.fields[5].name);
	CPPUNIT_ASSERT(outcome.fields[2].type == Type::Float64);
	CPPUNIT_ASSERT(outcome.fields[3].type == Type::Int64);
	CPPUNIT_ASSERT(outcome.fields[4].type == Type::Json);
	CPPUNIT_ASSERT_EQUAL(std::string("3"), value(rows[2], 0));
	CPPUNIT_ASSERT_EQUAL(std::string("n3"), value(rows[2], 1));
	CPPUNIT_ASSERT_EQUAL(std::string("1.5"), value(rows[2], 2));
	CPPUNIT_ASSERT_EQUAL(std::string("6"), value(rows[2], 3));
	CPPUNIT_ASSERT_EQUAL(std::string("[3,3]"), value(rows[2], 4));

	// A query ending in a line comment.
	s.query = "SELECT 42 AS answer -- the answer";
	outcome = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::string("42"), value(outcome.rows().at(0), 0));

	s.query = "SELECT nothing FROM nowhere";
	try
	{
		harness.read(s);
		CPPUNIT_FAIL("a bad query must fail");
	}
	catch (const ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("nowhere") != std::string::npos);
	}
}


void ReadTest::testQueryOnlyReads()
{
	TestDatabase db("pgreadonly");
	db.execute("CREATE TABLE victim (id integer); INSERT INTO victim VALUES (1), (2); CREATE SEQUENCE counter;"
		"CREATE FUNCTION purge() RETURNS integer LANGUAGE sql AS 'DELETE FROM victim; SELECT 1'");
	PostgresHarness harness;
	Spec s;
	s.config = PostgresHarness::config(db);
	const auto refused = [&](const std::string& query, const std::string& because) {
		s.query = query;
		std::string message;
		try
		{
			harness.read(s);
		}
		catch (const ConnectorError& e)
		{
			message = e.what();
		}
		CPPUNIT_ASSERT_EQUAL_MESSAGE(query, std::string("victim"), db.scalar("SELECT coalesce(to_regclass('victim')::text, 'dropped')"));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(query, std::string("2"), db.scalar("SELECT count(*) FROM victim"));
		CPPUNIT_ASSERT_MESSAGE(query + ": " + message, message.find(because) != std::string::npos);
	};
	// A second statement spliced in by closing the parentheses the connector wraps the query in.
	refused("SELECT 1 AS id) q; DROP TABLE victim; SELECT * FROM (SELECT 1 AS id", "multiple commands");
	refused("SELECT 1 AS id) q; DELETE FROM victim; SELECT * FROM (SELECT 1 AS id", "multiple commands");
	// Writes from inside one statement.
	refused("WITH d AS (DELETE FROM victim RETURNING *) SELECT * FROM d", "cannot run");
	refused("SELECT purge() AS id", "read-only transaction");
	refused("SELECT * FROM victim FOR UPDATE", "read-only transaction");
	refused("SELECT nextval('counter') AS id", "read-only transaction");
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT nextval('counter')"));

	// Reading still works, a query and a table alike.
	s.query = "SELECT id FROM victim ORDER BY id";
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), harness.read(s).rows().size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), harness.read(spec(db, "public.victim")).rows().size());
}


void ReadTest::testQueryTimeout()
{
	TestDatabase db("pgreadtimeout");
	PostgresHarness harness;
	Spec s;
	s.config = PostgresHarness::config(db);
	s.config.set("statement_timeout", 1LL);
	s.query = "SELECT pg_sleep(30) AS slept";
	const auto started = std::chrono::steady_clock::now();
	try
	{
		harness.read(s);
		CPPUNIT_FAIL("a query past statement_timeout must fail");
	}
	catch (const ConnectorError& e)
	{
		const std::string message = e.what();
		CPPUNIT_ASSERT_MESSAGE(message, message.find("longer than the connection's statement_timeout (1 s)") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(message, message.find("raise statement_timeout") != std::string::npos);
	}
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
	CPPUNIT_ASSERT_MESSAGE(std::to_string(ms) + " ms", ms < 10000);

	// Within the limit, and a bad value of the setting.
	s.query = "SELECT pg_sleep(0.1) AS slept, 7 AS n";
	CPPUNIT_ASSERT_EQUAL(std::string("7"), value(harness.read(s).rows().at(0), 1));
	s.config.set("statement_timeout", 0LL);
	try
	{
		harness.read(s);
		CPPUNIT_FAIL("statement_timeout 0 must be refused");
	}
	catch (const ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("statement_timeout '0' is not a number of seconds from 1 to 86400") !=
			std::string::npos);
	}
}


void ReadTest::testQueryEndsWithItsReader()
{
	TestDatabase db("pgreadgone");
	Spec s;
	s.config = PostgresHarness::config(db);
	// A mark of this run: a query of an earlier run may still be there.
	const std::string mark = "run " + std::to_string(::getpid()) + "-" +
		std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
	s.query = "SELECT pg_sleep(120) AS slept, '" + mark + "' AS mark";
	// The reader in a child process, killed mid-query as the server kills an executor past its time.
	const pid_t child = ::fork();
	if (child == 0)
	{
		try
		{
			PostgresHarness harness;
			harness.read(s);
		}
		catch (const std::exception& e)
		{
			std::fprintf(stderr, "reader: %s\n", e.what());
		}
		::_exit(0);
	}
	const std::string running = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() +
		"' AND query LIKE '%pg_sleep(120)%" + mark + "%' AND pid <> pg_backend_pid()";
	const auto waitFor = [&](const std::string& count, int seconds) {
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
		while (db.scalar(running) != count && std::chrono::steady_clock::now() < deadline)
			std::this_thread::sleep_for(std::chrono::milliseconds(100));
		return db.scalar(running) == count;
	};
	const bool started = waitFor("1", 20);
	::kill(child, SIGKILL);
	::waitpid(child, nullptr, 0);
	CPPUNIT_ASSERT_MESSAGE("the query did not start", started);
	const auto killed = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT_MESSAGE("the query outlived its reader by 10 s", waitFor("0", 10));
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed).count();
	CPPUNIT_ASSERT_MESSAGE(std::to_string(ms) + " ms", ms < 10000);
}


void ReadTest::testIncrementalResume()
{
	TestDatabase db("pgreadinc");
	db.execute("CREATE TABLE events (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, note text);"
		"INSERT INTO events (updated_at, note) SELECT timestamptz '2024-01-01 00:00:00.000001+00' + g * interval '1 minute', "
		"'e' || g FROM generate_series(1, 10) g");
	PostgresHarness harness;
	Spec s = spec(db, "public.events", 3);
	s.trackingField = "updated_at";
	auto first = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), first.rows().size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), first.batches.size());
	for (const auto& state: first.states) CPPUNIT_ASSERT(Value::parse(state)["cursor"].isString());
	CPPUNIT_ASSERT_EQUAL(std::string("2024-01-01 00:10:00.000001+00"), Value::parse(first.states.back()).getString("cursor"));
	// Rows come in tracking order.
	const auto rows = first.rows();
	for (std::size_t i = 1; i < rows.size(); ++i) CPPUNIT_ASSERT(std::stoll(value(rows[i], 1)) > std::stoll(value(rows[i - 1], 1)));

	// Nothing new: nothing but an empty batch with the same state.
	s.state = Value::parse(first.states.back());
	auto none = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), none.rows().size());

	db.execute("INSERT INTO events (updated_at, note) VALUES ('2024-02-01 00:00:00+00', 'new1'), ('2024-02-02 00:00:00+00', 'new2'),"
		"('2023-01-01 00:00:00+00', 'older than the cursor')");
	auto second = harness.read(s);
	auto fresh = second.rows();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), fresh.size());
	CPPUNIT_ASSERT_EQUAL(std::string("new1"), value(fresh[0], 2));
	CPPUNIT_ASSERT_EQUAL(std::string("new2"), value(fresh[1], 2));
	CPPUNIT_ASSERT_EQUAL(std::string("2024-02-02 00:00:00+00"), Value::parse(second.states.back()).getString("cursor"));

	// Resuming after the first batch of the first read: the 7 rows after it, and the new ones.
	s.state = Value::parse(first.states[0]);
	auto resumed = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::size_t(9), resumed.rows().size());
	CPPUNIT_ASSERT_EQUAL(std::string("e4"), value(resumed.rows()[0], 2));

	// An integer tracking field, with a query.
	Spec q;
	q.config = PostgresHarness::config(db);
	q.query = "SELECT id, note FROM events";
	q.trackingField = "id";
	q.state = Value::parse("{\"cursor\": \"11\"}");
	auto byId = harness.read(q);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), byId.rows().size());
	CPPUNIT_ASSERT_EQUAL(std::string("{\"cursor\":\"13\"}"), byId.states.back());
}


void ReadTest::testIncrementalNeverSplitsTies()
{
	TestDatabase db("pgreadties");
	// Tracking values: 1, 2,2,2,2, 3, 4,4, 5 (9 rows), batches of 2.
	db.execute("CREATE TABLE t (v integer, n integer); INSERT INTO t VALUES (1,1),(2,2),(2,3),(2,4),(2,5),(3,6),(4,7),(4,8),(5,9)");
	PostgresHarness harness;
	Spec s = spec(db, "t", 2);
	s.trackingField = "v";
	auto outcome = harness.read(s);
	CPPUNIT_ASSERT_EQUAL(std::size_t(9), outcome.rows().size());
	// After each batch, every row of the state's value is in that batch or before.
	std::size_t seen = 0;
	for (std::size_t b = 0; b < outcome.batches.size(); ++b)
	{
		seen += outcome.batches[b].size();
		const std::string cursor = Value::parse(outcome.states[b]).getString("cursor");
		Spec resume = s;
		resume.state = Value::parse(outcome.states[b]);
		CPPUNIT_ASSERT_EQUAL_MESSAGE("resume after " + cursor, 9 - seen, harness.read(resume).rows().size());
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(9), seen);
}


void ReadTest::testStopByConsumer()
{
	TestDatabase db("pgreadstop");
	db.execute("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 300000) g");
	PostgresHarness harness;
	int batches = 0;
	const auto start = std::chrono::steady_clock::now();
	const bool completed = harness.session().read(spec(db, "big", 1000), [&batches](std::unique_ptr<Batch>, const std::string&) {
		++batches;
		return false;
	});
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
	CPPUNIT_ASSERT(!completed);
	CPPUNIT_ASSERT_EQUAL(1, batches);
	CPPUNIT_ASSERT_MESSAGE(std::to_string(ms) + " ms", ms < 5000);
	// The server is not left running the query.
	std::string active = "1";
	for (int i = 0; i < 50 && active != "0"; ++i)
	{
		active = db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
			"AND application_name = 'polytomic'");
		if (active != "0") std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	CPPUNIT_ASSERT_EQUAL(std::string("0"), active);
}


void ReadTest::testCancelByHost()
{
	TestDatabase db("pgreadcancel");
	db.execute("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 300000) g");
	PostgresHarness harness;
	int batches = 0;
	const bool completed = harness.session().read(spec(db, "big", 1000), [&](std::unique_ptr<Batch>, const std::string&) {
		++batches;
		harness.host().cancel();
		return true;
	});
	CPPUNIT_ASSERT(!completed);
	CPPUNIT_ASSERT_EQUAL(1, batches);

	// Cancelled while the server is still busy before the first row: stops promptly too.
	PostgresHarness slow;
	std::thread canceller([&slow]() {
		std::this_thread::sleep_for(std::chrono::milliseconds(300));
		slow.host().cancel();
	});
	Spec s;
	s.config = PostgresHarness::config(db);
	s.query = "SELECT pg_sleep(30), 1 AS one";
	const auto start = std::chrono::steady_clock::now();
	const bool done = slow.session().read(s, [](std::unique_ptr<Batch>, const std::string&) { return true; });
	canceller.join();
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
	CPPUNIT_ASSERT(!done);
	CPPUNIT_ASSERT_MESSAGE(std::to_string(ms) + " ms", ms < 5000);
}


void ReadTest::testMissingObject()
{
	TestDatabase db("pgreadmissing");
	PostgresHarness harness;
	try
	{
		harness.read(spec(db, "public.nope"));
		CPPUNIT_FAIL("reading a missing table must fail");
	}
	catch (const ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("public.nope") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("does not exist") != std::string::npos);
	}
}


CppUnit::Test* ReadTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ReadTest");
	POLYTOMIC_ADD_TEST(suite, ReadTest, testReadTableInBatches);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testReadFields);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testReadQuery);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testQueryOnlyReads);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testQueryTimeout);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testQueryEndsWithItsReader);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testIncrementalResume);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testIncrementalNeverSplitsTies);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testStopByConsumer);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testCancelByHost);
	POLYTOMIC_ADD_TEST(suite, ReadTest, testMissingObject);
	return suite;
}
