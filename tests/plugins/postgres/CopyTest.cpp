//
// CopyTest.cpp
//
// The executor's copy (one connector's read into another's write, two threads
// and a bounded queue) with the PostgreSQL connector on both sides.
//


#include "CopyTest.h"
#include "PostgresHarness.h"
#include "plugins/Executor.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <chrono>
#include <iostream>


using namespace polytomic;
using polytomic::test::TestDatabase;
using polytomic::test::TestEnvironment;


namespace
{
	const char* SOURCE_TABLE = "CREATE TABLE src (id bigint PRIMARY KEY, name text, label text, amount numeric(12,2), "
		"at timestamptz, doc jsonb)";


	void fill(TestDatabase& db, int rows)
	{
		db.execute(SOURCE_TABLE);
		db.execute("INSERT INTO src SELECT i, 'name ' || i, CASE WHEN i % 1000 = 0 THEN NULL ELSE 'label ' || i END, i * 1.25, "
			"timestamptz '2026-01-01 00:00:00.123456+00' + i * interval '1 second', jsonb_build_object('i', i) "
			"FROM generate_series(1, " + std::to_string(rows) + ") AS i");
	}


	json::Value copyRequest(const TestDatabase& source, const TestDatabase& destination, const std::string& mode)
	{
		json::Value request = json::Value::object();
		request.set("operation", "copy");
		json::Value from = json::Value::object();
		from.set("plugin", POSTGRES_PLUGIN);
		from.set("config", PostgresHarness::config(source));
		from.set("read", json::Value::parse(R"({"object": "public.src"})"));
		json::Value to = json::Value::object();
		to.set("plugin", POSTGRES_PLUGIN);
		to.set("config", PostgresHarness::config(destination));
		json::Value write = json::Value::object();
		write.set("object", "public.dst");
		write.set("mode", mode == "append" ? POLYTOMIC_MODE_APPEND : POLYTOMIC_MODE_UPDATE_OR_CREATE);
		if (mode != "append") write.set("identity", json::Value::parse("[\"id\"]"));
		to.set("write", write);
		request.set("source", from);
		request.set("destination", to);
		return request;
	}


	json::Value run(const json::Value& request)
	{
		plugins::Executor::Limits limits;
		limits.timeout = std::chrono::milliseconds(600000);
		return plugins::Executor(TestEnvironment::binary()).run(request, limits);
	}

}


void CopyTest::testCopyBetweenDatabases()
{
	TestDatabase source("copysrc"), destination("copydst");
	fill(source, 25000);
	json::Value first = run(copyRequest(source, destination, "updateOrCreate"));
	CPPUNIT_ASSERT_EQUAL(int64_t(25000), first["rows_read"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(25000), first["records_written"].asInt64());
	CPPUNIT_ASSERT(first.getBool("complete", false));
	CPPUNIT_ASSERT(PostgresHarness::dump(source, "src", "id") == PostgresHarness::dump(destination, "dst", "id"));
	// Again: idempotent under updateOrCreate.
	json::Value second = run(copyRequest(source, destination, "updateOrCreate"));
	CPPUNIT_ASSERT_EQUAL(int64_t(25000), second["records_written"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("25000"), destination.scalar("SELECT count(*) FROM dst"));
}


void CopyTest::testRejectedRecordsAreReported()
{
	TestDatabase source("rejsrc"), destination("rejdst");
	fill(source, 3000);
	destination.execute("CREATE TABLE dst (id bigint PRIMARY KEY, name text, label text NOT NULL, amount numeric(12,2), "
		"at timestamptz, doc jsonb)");
	json::Value result = run(copyRequest(source, destination, "updateOrCreate"));
	CPPUNIT_ASSERT_EQUAL(int64_t(3000), result["rows_read"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(2997), result["records_written"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(3), result["records_rejected"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), result["rejections"].size());
	CPPUNIT_ASSERT_EQUAL(int64_t(999), result["rejections"][0]["row"].asInt64());
	CPPUNIT_ASSERT(result["rejections"][0].getString("message").find("label") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("2997"), destination.scalar("SELECT count(*) FROM dst"));
}


void CopyTest::testMillionRowCopy()
{
	TestDatabase source("millsrc"), destination("milldst");
	fill(source, 1000000);
	const auto start = std::chrono::steady_clock::now();
	json::Value result = run(copyRequest(source, destination, "append"));
	const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	CPPUNIT_ASSERT_EQUAL(int64_t(1000000), result["records_written"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("1000000"), destination.scalar("SELECT count(*) FROM dst"));
	std::cout << "[figure] 1M-row copy (6 columns, append, executor process): " << seconds << " s, "
		<< static_cast<long long>(1000000 / seconds) << " rows/s, executor peak RSS " << (result["peak_rss_bytes"].asInt64() >> 20)
		<< " MiB" << std::endl;
}


CppUnit::Test* CopyTest::suite()
{
	auto* suite = new CppUnit::TestSuite("CopyTest");
	POLYTOMIC_ADD_TEST(suite, CopyTest, testCopyBetweenDatabases);
	POLYTOMIC_ADD_TEST(suite, CopyTest, testRejectedRecordsAreReported);
	POLYTOMIC_ADD_TEST(suite, CopyTest, testMillionRowCopy);
	return suite;
}
