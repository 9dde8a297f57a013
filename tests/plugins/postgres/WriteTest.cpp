//
// WriteTest.cpp
//


#include "WriteTest.h"
#include "PostgresHarness.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <thread>


using polytomic::json::Value;
using polytomic::plugins::ConnectorError;
using polytomic::plugins::RecordResult;
using polytomic::sdk::BatchBuilder;
using polytomic::sdk::Field;
using polytomic::sdk::Type;
using polytomic::test::TestDatabase;


namespace
{
	struct Person
	{
		std::optional<int64_t> id;
		std::optional<std::string> name;
		std::optional<double> score;
	};


	std::unique_ptr<OwnedBatch> people(const std::vector<Person>& rows)
	{
		BatchBuilder b({{"id", Type::Int64}, {"name", Type::String}, {"score", Type::Float64}});
		for (const auto& p: rows)
		{
			if (p.id) b.appendInt64(0, *p.id);
			else b.appendNull(0);
			if (p.name) b.appendString(1, *p.name);
			else b.appendNull(1);
			if (p.score) b.appendFloat64(2, *p.score);
			else b.appendNull(2);
		}
		return std::make_unique<OwnedBatch>(b);
	}


	void allOk(const std::vector<RecordResult>& results)
	{
		for (std::size_t i = 0; i < results.size(); ++i) CPPUNIT_ASSERT_MESSAGE("row " + std::to_string(i) + ": " + results[i].message, results[i].ok);
	}


	void base(PostgresHarness& harness, const TestDatabase& db, const std::vector<Person>& rows)
	{
		allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *people(rows)));
	}


	std::string dumpPeople(const TestDatabase& db)
	{
		return PostgresHarness::dump(db, "people", "t.id");
	}


	const std::vector<Person> ALICE_BOB = {{1, "alice", 1.5}, {2, "bob", 2.5}};
	const std::vector<Person> BOB2_CAROL = {{2, "bob2", std::nullopt}, {3, "carol", 3.5}};
}


void WriteTest::testAppendCreatesTable()
{
	TestDatabase db("pgwappend");
	PostgresHarness harness;
	auto results = harness.write(db, "public.people", POLYTOMIC_MODE_APPEND, {}, *people({{1, "alice", 1.5}, {2, "bob", std::nullopt}, {3, std::nullopt, -0.25}}));
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), results.size());
	allOk(results);
	CPPUNIT_ASSERT_EQUAL(std::string("id bigint,name text,score double precision"),
		db.scalar("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute "
			"WHERE attrelid = 'people'::regclass AND attnum > 0"));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5)\n(2,bob,)\n(3,,-0.25)"), dumpPeople(db));
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_APPEND, {}, *people({{1, "alice", 1.5}})));
	CPPUNIT_ASSERT_EQUAL(std::string("4"), db.scalar("SELECT count(*) FROM people"));
	// No identity: no primary key.
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM pg_index WHERE indrelid = 'people'::regclass"));
}


void WriteTest::testCreate()
{
	TestDatabase db("pgwcreate");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);
	CPPUNIT_ASSERT_EQUAL(std::string("t"), db.scalar("SELECT indisprimary FROM pg_index WHERE indrelid = 'people'::regclass"));
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_CREATE, {"id"}, *people(BOB2_CAROL)));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5)\n(2,bob,2.5)\n(3,carol,3.5)"), dumpPeople(db));
}


void WriteTest::testUpdate()
{
	TestDatabase db("pgwupdate");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE, {"id"}, *people(BOB2_CAROL)));
	// A NULL field keeps the current value; an unknown identity is not created.
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5)\n(2,bob2,2.5)"), dumpPeople(db));
}


void WriteTest::testUpdateOrCreate()
{
	TestDatabase db("pgwupsert");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *people(BOB2_CAROL)));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5)\n(2,bob2,2.5)\n(3,carol,3.5)"), dumpPeople(db));
}


void WriteTest::testReplace()
{
	TestDatabase db("pgwreplace");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);
	db.execute("ALTER TABLE people ADD COLUMN extra text; UPDATE people SET extra = 'kept'");
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_REPLACE, {"id"}, *people(BOB2_CAROL)));
	// NULL fields are set to NULL; columns the batch does not map are left alone.
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5,kept)\n(2,bob2,,kept)\n(3,carol,3.5,)"), dumpPeople(db));
}


void WriteTest::testRemove()
{
	TestDatabase db("pgwremove");
	PostgresHarness harness;
	base(harness, db, {{1, "a", 1}, {2, "b", 2}, {3, "c", 3}});
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_REMOVE, {"id"}, *people({{1, "x", 0}, {3, std::nullopt, std::nullopt}, {4, "d", 4}})));
	CPPUNIT_ASSERT_EQUAL(std::string("(2,b,2)"), dumpPeople(db));
	// Removing from a table that does not exist removes nothing and creates nothing.
	allOk(harness.write(db, "public.nobody", POLYTOMIC_MODE_REMOVE, {"id"}, *people({{1, "x", 0}})));
	CPPUNIT_ASSERT_EQUAL(std::string(""), db.scalar("SELECT to_regclass('public.nobody')"));
}


void WriteTest::testSnapshot()
{
	TestDatabase db("pgwsnapshot");
	PostgresHarness harness;
	base(harness, db, {{1, "a", 1}, {2, "b", 2}, {3, "c", 3}, {4, "d", 4}});
	{
		auto writer = harness.session().openWriter(PostgresHarness::config(db), "public.people", POLYTOMIC_MODE_SNAPSHOT, {"id"});
		auto first = people({{1, "a1", 10}, {2, "b1", std::nullopt}});
		allOk(writer->write(first->schema(), first->array()));
		auto second = people({{5, "e", 5}});
		allOk(writer->write(second->schema(), second->array()));
		// Before close, nothing is deleted yet.
		CPPUNIT_ASSERT_EQUAL(std::string("5"), db.scalar("SELECT count(*) FROM people"));
		writer->close(true);
	}
	CPPUNIT_ASSERT_EQUAL(std::string("(1,a1,10)\n(2,b1,)\n(5,e,5)"), dumpPeople(db));
	{
		// Abandoned: the rows written stay, nothing is deleted.
		auto writer = harness.session().openWriter(PostgresHarness::config(db), "public.people", POLYTOMIC_MODE_SNAPSHOT, {"id"});
		auto only = people({{1, "a2", 1}});
		allOk(writer->write(only->schema(), only->array()));
		writer->close(false);
	}
	CPPUNIT_ASSERT_EQUAL(std::string("(1,a2,1)\n(2,b1,)\n(5,e,5)"), dumpPeople(db));
}


void WriteTest::testIdempotence()
{
	TestDatabase db("pgwidem");
	PostgresHarness harness;
	const std::vector<Person> rows = {{1, "a", 1}, {2, std::nullopt, 2}, {3, "c", std::nullopt}};
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *people(rows)));
	const std::string once = dumpPeople(db);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *people(rows)));
	CPPUNIT_ASSERT_EQUAL(once, dumpPeople(db));

	db.execute("INSERT INTO people VALUES (9, 'stale', 9)");
	auto snapshot = [&]() {
		auto writer = harness.session().openWriter(PostgresHarness::config(db), "public.people", POLYTOMIC_MODE_SNAPSHOT, {"id"});
		for (int i = 0; i < 2; ++i)
		{
			auto batch = people(rows);
			allOk(writer->write(batch->schema(), batch->array()));
		}
		writer->close(true);
	};
	snapshot();
	CPPUNIT_ASSERT_EQUAL(once, dumpPeople(db));
	snapshot();
	CPPUNIT_ASSERT_EQUAL(once, dumpPeople(db));
}


void WriteTest::testQuotedIdentifiers()
{
	TestDatabase db("pgwquoted");
	PostgresHarness harness;
	const std::string object = "select.Mixed Case \"quoted\"";
	auto batch = [](int64_t key, const std::string& text, bool flag) {
		BatchBuilder b({{"select", Type::Int64}, {"Mixed Case \"quoted\"", Type::String}, {"from", Type::Bool}});
		b.appendInt64(0, key);
		b.appendString(1, text);
		b.appendBool(2, flag);
		return std::make_unique<OwnedBatch>(b);
	};
	for (uint32_t mode: {POLYTOMIC_MODE_UPDATE_OR_CREATE, POLYTOMIC_MODE_REPLACE, POLYTOMIC_MODE_CREATE, POLYTOMIC_MODE_UPDATE,
			 POLYTOMIC_MODE_SNAPSHOT})
		allOk(harness.write(db, object, mode, {"select"}, *batch(1, "one's \"value\"", true)));
	allOk(harness.write(db, object, POLYTOMIC_MODE_APPEND, {}, *batch(2, "two", false)));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,\"one's \"\"value\"\"\",t)\n(2,two,f)"),
		PostgresHarness::dump(db, "\"select\".\"Mixed Case \"\"quoted\"\"\"", "t.\"select\""));
	allOk(harness.write(db, object, POLYTOMIC_MODE_REMOVE, {"select"}, *batch(2, "", false)));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM \"select\".\"Mixed Case \"\"quoted\"\"\""));

	// Discover and read it back through its object id.
	const Value catalog = harness.session().discover(PostgresHarness::config(db));
	CPPUNIT_ASSERT_EQUAL(object, catalog["objects"][0].getString("id"));
	PostgresHarness::Session::ReadSpec spec;
	spec.config = PostgresHarness::config(db);
	spec.object = object;
	spec.trackingField = "select";
	auto outcome = harness.read(spec);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), outcome.rows().size());
	CPPUNIT_ASSERT_EQUAL(std::string("one's \"value\""), *outcome.rows()[0][1]);
}


void WriteTest::testAddsMissingColumns()
{
	TestDatabase db("pgwcolumns");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);
	BatchBuilder b({{"id", Type::Int64}, {"joined", Type::Date}, {"profile", Type::Json}, {"nothing", Type::Null}});
	b.appendInt64(0, 2);
	b.appendDate(1, 19000);
	b.appendJson(2, "{\"a\": 1}");
	b.appendNull(3);
	OwnedBatch batch(b);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, batch));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5,,,)\n(2,bob,2.5,2022-01-08,\"{\"\"a\"\": 1}\",)"), dumpPeople(db));
	CPPUNIT_ASSERT_EQUAL(std::string("date jsonb text"), db.scalar("SELECT string_agg(format_type(atttypid, atttypmod), ' ' "
		"ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'people'::regclass AND attnum > 3"));
}


void WriteTest::testWidensItsOwnTablesOnly()
{
	TestDatabase db("pgwwiden");
	PostgresHarness harness;
	base(harness, db, ALICE_BOB);   // created by the writer: id bigint, name text, score double precision
	// The source's score became exact decimals, and a text code replaced a number.
	BatchBuilder b({{"id", Type::Int64}, {"score", Type::Decimal}, {"name", Type::Int64}});
	b.appendInt64(0, 3);
	b.appendDecimal(1, "12345678901234567890.123");
	b.appendInt64(2, 42);
	OwnedBatch batch(b);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, batch));
	const std::string types = "SELECT string_agg(format_type(atttypid, atttypmod), ' ' ORDER BY attnum) FROM pg_attribute "
		"WHERE attrelid = 'people'::regclass AND attnum > 0";
	// score widened to numeric; name stays text (never narrowed); nothing lost.
	CPPUNIT_ASSERT_EQUAL(std::string("bigint text numeric"), db.scalar(types));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice,1.5)\n(2,bob,2.5)\n(3,42,12345678901234567890.123)"), dumpPeople(db));
	BatchBuilder c({{"id", Type::Int64}, {"score", Type::String}});
	c.appendInt64(0, 4);
	c.appendString(1, "n/a");
	OwnedBatch text(c);
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, text));
	CPPUNIT_ASSERT_EQUAL(std::string("bigint text text"), db.scalar(types));

	// A table created by someone else is not altered: values that do not fit are rejected, one by one.
	db.execute("CREATE TABLE theirs (id bigint PRIMARY KEY, amount integer)");
	BatchBuilder d({{"id", Type::Int64}, {"amount", Type::String}});
	d.appendInt64(0, 1);
	d.appendString(1, "12");
	d.appendInt64(0, 2);
	d.appendString(1, "twelve");
	OwnedBatch theirs(d);
	const auto results = harness.write(db, "public.theirs", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, theirs);
	CPPUNIT_ASSERT(results[0].ok);
	CPPUNIT_ASSERT(!results[1].ok);
	CPPUNIT_ASSERT(results[1].message.find("twelve") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("bigint integer"), db.scalar("SELECT string_agg(format_type(atttypid, atttypmod), ' ' ORDER BY attnum) "
		"FROM pg_attribute WHERE attrelid = 'theirs'::regclass AND attnum > 0"));
}


void WriteTest::testPerRecordErrors()
{
	TestDatabase db("pgwerrors");
	db.execute("CREATE TABLE strict (id bigint PRIMARY KEY, name text NOT NULL, payload jsonb, qty smallint);"
		"CREATE TABLE strict_log (id bigint, name text NOT NULL, payload jsonb, qty smallint)");
	PostgresHarness harness;
	struct Row
	{
		std::optional<int64_t> id;
		std::optional<std::string> name;
		std::optional<std::string> payload;
		std::optional<int64_t> qty;
	};
	const std::vector<Row> rows = {
		{1, "a", "{\"x\": 1}", 1},
		{2, std::nullopt, std::nullopt, 2},          // NOT NULL violation
		{3, "c", "{bad json", 3},                    // invalid json for jsonb
		{4, "d", std::nullopt, 40000},               // out of range for smallint
		{5, "e", "[1, 2]", 5},                       // identity again in row 7
		{6, "f", std::nullopt, std::nullopt},
		{std::nullopt, "g", std::nullopt, 7},        // no identity
		{5, "e-again", std::nullopt, 8},
	};
	auto make = [&rows](std::size_t count) {
		BatchBuilder b({{"id", Type::Int64}, {"name", Type::String}, {"payload", Type::Json}, {"qty", Type::Int64}});
		for (std::size_t i = 0; i < count; ++i)
		{
			const Row& r = rows[i];
			if (r.id) b.appendInt64(0, *r.id);
			else b.appendNull(0);
			if (r.name) b.appendString(1, *r.name);
			else b.appendNull(1);
			if (r.payload) b.appendJson(2, *r.payload);
			else b.appendNull(2);
			if (r.qty) b.appendInt64(3, *r.qty);
			else b.appendNull(3);
		}
		return std::make_unique<OwnedBatch>(b);
	};
	auto contains = [](const RecordResult& r, const std::string& part) {
		return !r.ok && r.message.find(part) != std::string::npos;
	};

	auto results = harness.write(db, "public.strict", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *make(rows.size()));
	CPPUNIT_ASSERT_EQUAL(rows.size(), results.size());
	CPPUNIT_ASSERT(results[0].ok);
	CPPUNIT_ASSERT_MESSAGE(results[1].message, contains(results[1], "null value in column \"name\""));
	CPPUNIT_ASSERT_MESSAGE(results[2].message, contains(results[2], "json"));
	CPPUNIT_ASSERT_MESSAGE(results[2].message, contains(results[2], "payload"));
	CPPUNIT_ASSERT_MESSAGE(results[3].message, contains(results[3], "out of range"));
	CPPUNIT_ASSERT_MESSAGE(results[4].message, contains(results[4], "same identity"));
	CPPUNIT_ASSERT(results[5].ok);
	CPPUNIT_ASSERT_MESSAGE(results[6].message, contains(results[6], "identity field 'id' is null"));
	CPPUNIT_ASSERT(results[7].ok);
	CPPUNIT_ASSERT_EQUAL(std::string("(1,a,\"{\"\"x\"\": 1}\",1)\n(5,e-again,,8)\n(6,f,,)"), PostgresHarness::dump(db, "strict", "t.id"));

	// The same through append (COPY straight into the table).
	results = harness.write(db, "public.strict_log", POLYTOMIC_MODE_APPEND, {}, *make(6));
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), results.size());
	CPPUNIT_ASSERT(results[0].ok && results[4].ok && results[5].ok);
	CPPUNIT_ASSERT_MESSAGE(results[1].message, contains(results[1], "null value"));
	CPPUNIT_ASSERT_MESSAGE(results[2].message, contains(results[2], "json"));
	CPPUNIT_ASSERT_MESSAGE(results[3].message, contains(results[3], "out of range"));
	CPPUNIT_ASSERT_EQUAL(std::string("1,5,6"), db.scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM strict_log"));
}


void WriteTest::testManyRowsFewBad()
{
	TestDatabase db("pgwmany");
	db.execute("CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL)");
	PostgresHarness harness;
	BatchBuilder b({{"id", Type::Int64}, {"name", Type::String}});
	for (int64_t i = 0; i < 5000; ++i)
	{
		b.appendInt64(0, i);
		if (i == 17 || i == 2500 || i == 4999) b.appendNull(1);
		else b.appendString(1, "n" + std::to_string(i));
	}
	OwnedBatch batch(b);
	for (uint32_t mode: {POLYTOMIC_MODE_UPDATE_OR_CREATE, POLYTOMIC_MODE_SNAPSHOT})
	{
		auto results = harness.write(db, "public.t", mode, {"id"}, batch);
		CPPUNIT_ASSERT_EQUAL(std::size_t(5000), results.size());
		int bad = 0;
		for (std::size_t i = 0; i < results.size(); ++i)
			if (!results[i].ok)
			{
				++bad;
				CPPUNIT_ASSERT(i == 17 || i == 2500 || i == 4999);
			}
		CPPUNIT_ASSERT_EQUAL(3, bad);
		CPPUNIT_ASSERT_EQUAL(std::string("4997"), db.scalar("SELECT count(*) FROM t"));
	}
}


void WriteTest::testUpsertNeedsUniqueIndex()
{
	TestDatabase db("pgwnoindex");
	db.execute("CREATE TABLE people (id bigint, name text, score double precision)");
	PostgresHarness harness;
	try
	{
		harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"id"}, *people(ALICE_BOB));
		CPPUNIT_FAIL("an upsert without a unique index must fail");
	}
	catch (const ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("unique index") != std::string::npos);
	}
	// create and update match without an index.
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_CREATE, {"id"}, *people(ALICE_BOB)));
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_CREATE, {"id"}, *people(BOB2_CAROL)));
	allOk(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE, {"id"}, *people({{1, "alice2", std::nullopt}})));
	CPPUNIT_ASSERT_EQUAL(std::string("(1,alice2,1.5)\n(2,bob,2.5)\n(3,carol,3.5)"), dumpPeople(db));
}


void WriteTest::testBadRequests()
{
	TestDatabase db("pgwbad");
	PostgresHarness harness;
	CPPUNIT_ASSERT_THROW(harness.session().openWriter(PostgresHarness::config(db), "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {}),
		ConnectorError);
	CPPUNIT_ASSERT_THROW(harness.write(db, "public.people", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"email"}, *people(ALICE_BOB)), ConnectorError);
}


void WriteTest::testSchemaCreatedMeanwhile()
{
	// Two runs into one new schema at once (two bulk syncs, two workers): the other session's
	// CREATE SCHEMA is not committed yet when this writer looks, so its own CREATE SCHEMA IF NOT
	// EXISTS waits for it, and then used to fail on pg_namespace's unique index.
	TestDatabase db("pgwschemarace");
	PostgresHarness harness;
	std::thread other([&db] { db.execute("BEGIN; CREATE SCHEMA copies; SELECT pg_sleep(1.5); COMMIT"); });
	for (int i = 0; i < 100 && db.scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN; CREATE SCHEMA copies%' "
		"AND state = 'active'") != "1"; ++i)
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	std::vector<RecordResult> results;
	std::string failure;
	try
	{
		results = harness.write(db, "copies.people", POLYTOMIC_MODE_SNAPSHOT, {"id"}, *people(ALICE_BOB));
	}
	catch (const std::exception& e)
	{
		failure = e.what();
	}
	other.join();
	CPPUNIT_ASSERT_EQUAL(std::string(""), failure);
	allOk(results);
	CPPUNIT_ASSERT_EQUAL(std::string("2"), db.scalar("SELECT count(*) FROM copies.people"));
}


CppUnit::Test* WriteTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WriteTest");
	POLYTOMIC_ADD_TEST(suite, WriteTest, testAppendCreatesTable);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testCreate);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testUpdate);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testUpdateOrCreate);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testReplace);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testRemove);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testSnapshot);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testIdempotence);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testQuotedIdentifiers);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testAddsMissingColumns);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testWidensItsOwnTablesOnly);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testPerRecordErrors);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testManyRowsFewBad);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testUpsertNeedsUniqueIndex);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testBadRequests);
	POLYTOMIC_ADD_TEST(suite, WriteTest, testSchemaCreatedMeanwhile);
	return suite;
}
