//
// RoundTripTest.cpp
//
// Every type, with NULLs and edge values, read from a table of one database
// and written to a table of another, then compared there with SQL.
//


#include "RoundTripTest.h"
#include "PostgresHarness.h"
#include "support/TestDriver.h"
#include <algorithm>
#include <cppunit/TestAssert.h>


using polytomic::plugins::Batch;
using polytomic::test::TestDatabase;


namespace
{
	const char* COLUMNS = R"SQL(
		id integer PRIMARY KEY,
		c_int2 smallint, c_int4 integer, c_int8 bigint,
		c_real real, c_double double precision,
		c_numeric numeric, c_numeric_scaled numeric(30,9),
		c_bool boolean, c_date date, c_ts timestamp, c_tstz timestamptz,
		c_json json, c_jsonb jsonb, c_bytea bytea,
		c_text text, c_varchar varchar(20), c_char char(5), c_uuid uuid,
		c_interval interval, c_time time)SQL";


	const char* ROWS = R"SQL(
		INSERT INTO types_src VALUES
		(1, 1, 2, 3, 1.5, 0.1, 12345678901234567890.123456789, 1.000000001, true, '2024-02-29',
			'2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.654321+05:30',
			'{"a": [1, 2, {"b": null}], "c": "x\ty",  "d" : 1.50}', '{"k": "ü 😀", "n": 1.50}', '\x00ff00',
			E'tab\there\nnewline\\backslash "quote" ''single'' ünïcødé 😀', '', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
			'1 day 02:03:04.5', '23:59:59.999999', '{1,NULL,3}', '{"a b","c\"d",NULL}'),
		(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, NULL, NULL),
		(3, -32768, -2147483648, -9223372036854775808, -3.4028235e38, 1.7976931348623157e308, -0.000000000000000000001,
			-999999999999999999999.999999999, false, '0044-03-15 BC', '1900-01-01 00:00:00.000001',
			'1969-12-31 23:59:59.999999+00', '[]', '{}', '\x', E'\\N', E'\\.', '     ',
			'00000000-0000-0000-0000-000000000000', '-1 year', '00:00:00', '{}', '{}'),
		(4, 32767, 2147483647, 9223372036854775807, 'NaN', '-Infinity', 'NaN', 0, true, '-infinity', 'infinity',
			'-infinity', 'null', '"just a string"', '\x5c0a0900', E'line1\r\nline2\u0001ctl\\', 'x', 'abcde',
			'ffffffff-ffff-ffff-ffff-ffffffffffff', '3 mons -4 days 00:00:00.000001', '12:00:00', '{{1,2},{3,4}}',
			E'{"\\\\back","tab\there"}'),
		(5, 0, 0, 0, '-0', 2.2250738585072014e-308, 1e-30, 123.45, false, '1970-01-01', '4000-02-29 12:00:00',
			'0001-01-01 00:00:00+00 BC', '{"dup": 1, "dup": 2}', '{"n": 12345678901234567890.123}',
			(SELECT string_agg(set_byte('\x00'::bytea, 0, g), ''::bytea ORDER BY g) FROM generate_series(0, 255) g),
			repeat('long ', 20000), 'Ω', 'a', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '0', '00:00:00.000001',
			'{2147483647,-2147483648}', '{""}'),
		(6, 7, 7, 7, 3.25, -2.5e-300, 'Infinity', -0.000000001, true, '9999-12-31', '1970-01-01 00:00:00',
			'2262-04-11 23:47:16.854775+00', '123', '[{"nested": {"deep": [true, false, null]}}]', '\x0d0a',
			E'\u00e9\u4e2d\u6587 \U0001F600', 'varchar', 'char', NULL, NULL, NULL, NULL, NULL)
	)SQL";


	void readThenWrite(PostgresHarness& harness, const TestDatabase& source, const TestDatabase& destination,
		const std::string& target, int64_t* rows)
	{
		auto writer = harness.session().openWriter(PostgresHarness::config(destination), target, POLYTOMIC_MODE_APPEND, {});
		PostgresHarness::Session::ReadSpec spec;
		spec.config = PostgresHarness::config(source);
		spec.object = "public.types_src";
		spec.batchRows = 2;
		*rows = 0;
		CPPUNIT_ASSERT(harness.session().read(spec, [&](std::unique_ptr<Batch> batch, const std::string&) {
			for (const auto& result: writer->write(batch->schema(), batch->array()))
				CPPUNIT_ASSERT_MESSAGE(result.message, result.ok);
			*rows += batch->rows();
			return true;
		}));
		writer->close(true);
	}


	void assertSameRows(const std::string& expected, const std::string& actual)
	{
		if (expected == actual) return;
		std::size_t a = 0, b = 0;
		while (true)
		{
			const std::size_t ea = expected.find('\x1e', a);
			const std::size_t eb = actual.find('\x1e', b);
			const std::string la = expected.substr(a, ea == std::string::npos ? std::string::npos : ea - a);
			const std::string lb = actual.substr(b, eb == std::string::npos ? std::string::npos : eb - b);
			CPPUNIT_ASSERT_EQUAL(la.substr(0, 400), lb.substr(0, 400));
			CPPUNIT_ASSERT_EQUAL(la, lb);
			if (ea == std::string::npos || eb == std::string::npos) break;
			a = ea + 1;
			b = eb + 1;
		}
		CPPUNIT_ASSERT_EQUAL(expected.size(), actual.size());
	}
}


void RoundTripTest::testEveryTypeIntoCreatedTable()
{
	TestDatabase source("pgrtsrc");
	TestDatabase destination("pgrtdst");
	source.execute(std::string("CREATE TABLE types_src (") + COLUMNS + ", c_int_array integer[], c_text_array text[])");
	source.execute(ROWS);
	PostgresHarness harness;
	int64_t rows = 0;
	readThenWrite(harness, source, destination, "public.types_dst", &rows);
	CPPUNIT_ASSERT_EQUAL(int64_t(6), rows);

	CPPUNIT_ASSERT_EQUAL(std::string("id bigint, c_int2 bigint, c_int4 bigint, c_int8 bigint, c_real double precision, "
		"c_double double precision, c_numeric numeric, c_numeric_scaled numeric, c_bool boolean, c_date date, "
		"c_ts timestamp with time zone, c_tstz timestamp with time zone, c_json jsonb, c_jsonb jsonb, c_bytea bytea, "
		"c_text text, c_varchar text, c_char text, c_uuid text, c_interval text, c_time text, c_int_array jsonb, "
		"c_text_array jsonb"),
		destination.scalar("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) "
			"FROM pg_attribute WHERE attrelid = 'types_dst'::regclass AND attnum > 0"));

	// The source as the created table's types hold it: timestamp as UTC, json as jsonb, arrays as JSON.
	const std::string expected = source.scalar(R"SQL(
		SELECT string_agg(ROW(id::bigint, c_int2::bigint, c_int4::bigint, c_int8, c_real::text::float8, c_double, c_numeric,
			c_numeric_scaled, c_bool, c_date, c_ts AT TIME ZONE 'UTC', c_tstz, c_json::jsonb, c_jsonb, c_bytea, c_text,
			c_varchar::text, c_char, c_uuid::text, c_interval::text, c_time::text, array_to_json(c_int_array)::jsonb,
			array_to_json(c_text_array)::jsonb)::text, chr(30) ORDER BY id)
		FROM types_src)SQL");
	const std::string actual = PostgresHarness::dump(destination, "types_dst", "t.id", "chr(30)");
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), static_cast<std::size_t>(std::count(actual.begin(), actual.end(), '\x1e') + 1));
	assertSameRows(expected, actual);
}


void RoundTripTest::testEveryTypeIntoSameTable()
{
	TestDatabase source("pgrtsrc2");
	TestDatabase destination("pgrtdst2");
	source.execute(std::string("CREATE TABLE types_src (") + COLUMNS + ", c_int_array integer[], c_text_array text[])");
	source.execute(ROWS);
	// The same column types (arrays arrive as JSON: jsonb there).
	destination.execute(std::string("CREATE TABLE types_same (") + COLUMNS + ", c_int_array jsonb, c_text_array jsonb)");
	PostgresHarness harness;
	int64_t rows = 0;
	readThenWrite(harness, source, destination, "public.types_same", &rows);
	CPPUNIT_ASSERT_EQUAL(int64_t(6), rows);
	const std::string expected = source.scalar(R"SQL(
		SELECT string_agg(ROW(id, c_int2, c_int4, c_int8, c_real, c_double, c_numeric, c_numeric_scaled, c_bool, c_date, c_ts,
			c_tstz, c_json, c_jsonb, c_bytea, c_text, c_varchar, c_char, c_uuid, c_interval, c_time,
			array_to_json(c_int_array)::jsonb, array_to_json(c_text_array)::jsonb)::text, chr(30) ORDER BY id)
		FROM types_src)SQL");
	assertSameRows(expected, PostgresHarness::dump(destination, "types_same", "t.id", "chr(30)"));

	// And back: the destination reads as the source did, value for value.
	PostgresHarness::Session::ReadSpec spec;
	spec.config = PostgresHarness::config(source);
	spec.object = "public.types_src";
	spec.fields = {"id", "c_int2", "c_int4", "c_int8", "c_real", "c_double", "c_numeric", "c_numeric_scaled", "c_bool", "c_date",
		"c_ts", "c_tstz", "c_json", "c_jsonb", "c_bytea", "c_text", "c_varchar", "c_char", "c_uuid", "c_interval", "c_time"};
	const auto fromSource = harness.read(spec);
	spec.config = PostgresHarness::config(destination);
	spec.object = "public.types_same";
	const auto fromDestination = harness.read(spec);
	auto a = fromSource.rows();
	auto b = fromDestination.rows();
	auto byId = [](const PostgresHarness::Row& x, const PostgresHarness::Row& y) { return std::stoll(*x[0]) < std::stoll(*y[0]); };
	std::sort(a.begin(), a.end(), byId);
	std::sort(b.begin(), b.end(), byId);
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), a.size());
	CPPUNIT_ASSERT(a == b);
	for (std::size_t f = 0; f < fromSource.fields.size(); ++f)
		CPPUNIT_ASSERT(fromSource.fields[f].type == fromDestination.fields[f].type);
}


CppUnit::Test* RoundTripTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RoundTripTest");
	POLYTOMIC_ADD_TEST(suite, RoundTripTest, testEveryTypeIntoCreatedTable);
	POLYTOMIC_ADD_TEST(suite, RoundTripTest, testEveryTypeIntoSameTable);
	return suite;
}
