//
// DiscoverTest.cpp
//


#include "DiscoverTest.h"
#include "PostgresHarness.h"
#include "support/TestDriver.h"
#include <chrono>
#include <cppunit/TestAssert.h>
#include <iostream>
#include <map>


using polytomic::json::Value;
using polytomic::test::TestDatabase;


namespace
{
	std::map<std::string, Value> byId(const Value& catalog)
	{
		std::map<std::string, Value> out;
		for (const auto& object: catalog["objects"].items()) out[object.getString("id")] = object;
		return out;
	}


	const Value& field(const Value& object, const std::string& name)
	{
		for (const auto& f: object["fields"].items())
			if (f.getString("name") == name) return f;
		CPPUNIT_FAIL("no field " + name + " in " + object.getString("id"));
		static Value none;
		return none;
	}


	std::string list(const Value& array)
	{
		std::string out;
		for (const auto& item: array.items()) out += (out.empty() ? "" : ",") + item.asString();
		return out;
	}
}


void DiscoverTest::testSmallSchema()
{
	TestDatabase db("pgdisc");
	db.execute(R"SQL(
		CREATE SCHEMA sales;
		CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
		CREATE TABLE sales.orders (
			id bigint PRIMARY KEY,
			customer text NOT NULL,
			amount numeric(12,2),
			quantity positive_int,
			placed_at timestamptz,
			placed_local timestamp,
			placed_on date,
			tags text[],
			payload jsonb,
			raw json,
			paid boolean,
			ratio real,
			score double precision,
			blob bytea,
			ref uuid,
			small smallint,
			code varchar(10));
		CREATE TABLE public."Mixed Case" ("Key A" integer, "select" text, note text, PRIMARY KEY ("select", "Key A"));
		CREATE VIEW sales.big_orders AS SELECT id, amount FROM sales.orders WHERE amount > 100;
		CREATE MATERIALIZED VIEW sales.totals AS SELECT customer, sum(amount) AS total FROM sales.orders GROUP BY customer;
	)SQL");
	PostgresHarness harness;
	const Value catalog = harness.session().discover(PostgresHarness::config(db));
	auto objects = byId(catalog);
	for (const auto& o: objects)
	{
		CPPUNIT_ASSERT_MESSAGE(o.first, o.first.rfind("pg_catalog.", 0) != 0);
		CPPUNIT_ASSERT_MESSAGE(o.first, o.first.rfind("information_schema.", 0) != 0);
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), objects.size());

	const Value& orders = objects["sales.orders"];
	CPPUNIT_ASSERT_EQUAL(std::string("orders"), orders.getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::string("table"), orders.getString("kind"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(17), orders["fields"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("id"), list(orders["primary_key"]));
	CPPUNIT_ASSERT_EQUAL(std::string("id,quantity,placed_at,placed_local,placed_on,small"), list(orders["tracking_fields"]));
	const std::map<std::string, std::string> types = {{"id", "int64"}, {"customer", "string"}, {"amount", "decimal"},
		{"quantity", "int64"}, {"placed_at", "timestamp"}, {"placed_local", "timestamp"}, {"placed_on", "date"}, {"tags", "json"},
		{"payload", "json"}, {"raw", "json"}, {"paid", "bool"}, {"ratio", "float64"}, {"score", "float64"}, {"blob", "binary"},
		{"ref", "string"}, {"small", "int64"}, {"code", "string"}};
	for (const auto& t: types) CPPUNIT_ASSERT_EQUAL_MESSAGE(t.first, t.second, field(orders, t.first).getString("type"));
	CPPUNIT_ASSERT_EQUAL(std::string("numeric(12,2)"), field(orders, "amount").getString("source_type"));
	CPPUNIT_ASSERT_EQUAL(std::string("text[]"), field(orders, "tags").getString("source_type"));
	CPPUNIT_ASSERT_EQUAL(std::string("character varying(10)"), field(orders, "code").getString("source_type"));
	CPPUNIT_ASSERT_EQUAL(std::string("positive_int"), field(orders, "quantity").getString("source_type"));
	CPPUNIT_ASSERT(!field(orders, "id").getBool("nullable", true));
	CPPUNIT_ASSERT(!field(orders, "customer").getBool("nullable", true));
	CPPUNIT_ASSERT(field(orders, "amount").getBool("nullable", false));

	const Value& mixed = objects["public.Mixed Case"];
	CPPUNIT_ASSERT_EQUAL(std::string("select,Key A"), list(mixed["primary_key"]));
	CPPUNIT_ASSERT_EQUAL(std::string("Key A"), list(mixed["tracking_fields"]));

	const Value& view = objects["sales.big_orders"];
	CPPUNIT_ASSERT_EQUAL(std::string("view"), view.getString("kind"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), view["primary_key"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), field(view, "amount").getString("type"));
	const Value& totals = objects["sales.totals"];
	CPPUNIT_ASSERT_EQUAL(std::string("materialized view"), totals.getString("kind"));
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), field(totals, "total").getString("type"));
}


void DiscoverTest::testThousandTables()
{
	TestDatabase db("pgdisc1k");
	db.execute(R"SQL(
		CREATE SCHEMA many;
		DO $$
		BEGIN
			FOR i IN 1..1000 LOOP
				EXECUTE format('CREATE TABLE many.t%s (id bigint PRIMARY KEY, name text NOT NULL, amount numeric, '
					'updated_at timestamptz, flag boolean)', i);
			END LOOP;
		END
		$$;
	)SQL");
	PostgresHarness harness;
	const auto start = std::chrono::steady_clock::now();
	const Value catalog = harness.session().discover(PostgresHarness::config(db));
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
	std::cout << "\n[figure] discover of 1,000 tables: " << ms << " ms" << std::endl;
	auto objects = byId(catalog);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1000), objects.size());
	for (int i = 1; i <= 1000; ++i)
	{
		const Value& t = objects["many.t" + std::to_string(i)];
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), t["fields"].size());
		CPPUNIT_ASSERT_EQUAL(std::string("id"), list(t["primary_key"]));
		CPPUNIT_ASSERT_EQUAL(std::string("id,updated_at"), list(t["tracking_fields"]));
	}
}


CppUnit::Test* DiscoverTest::suite()
{
	auto* suite = new CppUnit::TestSuite("DiscoverTest");
	POLYTOMIC_ADD_TEST(suite, DiscoverTest, testSmallSchema);
	POLYTOMIC_ADD_TEST(suite, DiscoverTest, testThousandTables);
	return suite;
}
