//
// RecordMapperTest.cpp
//


#include "RecordMapperTest.h"
#include "plugins/BatchJson.h"
#include "plugins/RecordMapper.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <stdexcept>


using namespace polytomic;
using namespace polytomic::plugins;


namespace
{
	struct People
		/// id int64, name string, score decimal, seen timestamp, active bool; four rows.
	{
		People()
		{
			sdk::BatchBuilder builder(fieldsFromJson(json::Value::parse(R"([{"name": "id", "type": "int64"}, {"name": "name", "type": "string"},
				{"name": "score", "type": "decimal"}, {"name": "seen", "type": "timestamp"}, {"name": "active", "type": "bool"}])")));
			appendJsonRow(builder, json::Value::parse(R"([1, "Ada", "10.50", "2026-01-01T00:00:00Z", true])"));
			appendJsonRow(builder, json::Value::parse(R"([2, "Bob", "200", "2026-06-01T12:00:00Z", false])"));
			appendJsonRow(builder, json::Value::parse(R"([3, null, null, null, null])"));
			appendJsonRow(builder, json::Value::parse(R"([17, "Eve7", "99.99", "2025-12-31T23:59:59Z", true])"));
			builder.finish(&schema, &array);
			reader = std::make_unique<sdk::BatchReader>(&schema, &array);
		}

		~People()
		{
			if (array.release) array.release(&array);
			if (schema.release) schema.release(&schema);
		}

		ArrowSchema schema;
		ArrowArray array;
		std::unique_ptr<sdk::BatchReader> reader;
	};


	std::vector<int64_t> passing(const std::string& filters, const std::string& logic = "")
	{
		People people;
		json::Value spec = json::Value::object();
		spec.set("fields", json::Value::parse(R"([{"source": "name", "target": "name"}])"));
		spec.set("filters", json::Value::parse(filters));
		spec.set("filter_logic", logic);
		RecordMapper mapper(spec);
		mapper.bind(*people.reader);
		std::vector<int64_t> ids;
		for (int64_t row = 0; row < people.reader->rows(); ++row)
			if (mapper.passes(*people.reader, row)) ids.push_back(people.reader->getInt64(row, 0));
		return ids;
	}


	std::string problem(const std::function<void()>& work)
	{
		try
		{
			work();
		}
		catch (const std::exception& e)
		{
			return e.what();
		}
		return "";
	}


	using Ids = std::vector<int64_t>;
}


void RecordMapperTest::testFilterLogic()
{
	const std::vector<bool> ttf = {true, true, false};
	CPPUNIT_ASSERT(FilterLogic::parse("", 3).evaluate({true, true, true}));
	CPPUNIT_ASSERT(!FilterLogic::parse("", 3).evaluate(ttf));
	CPPUNIT_ASSERT(FilterLogic::parse("1 AND (2 OR 3)", 3).evaluate(ttf));
	CPPUNIT_ASSERT(!FilterLogic::parse("3 AND (1 OR 2)", 3).evaluate(ttf));
	// AND binds tighter than OR: 3 OR (1 AND 2).
	CPPUNIT_ASSERT(FilterLogic::parse("3 or 1 and 2", 3).evaluate(ttf));
	CPPUNIT_ASSERT(!FilterLogic::parse("(3 OR 1) AND NOT 2", 3).evaluate(ttf));
	CPPUNIT_ASSERT(FilterLogic::parse("NOT (3)", 3).evaluate(ttf));
	CPPUNIT_ASSERT(FilterLogic::parse("  1  ", 3).evaluate(ttf));
}


void RecordMapperTest::testFilterLogicErrors()
{
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 AND 4", 3); }).find("there is no filter 4 (filters are numbered 1 to 3)") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 AND (2 OR 3", 3); }).find("missing ')'") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 2", 3); }).find("unexpected '2'") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 AND", 3); }).find("expected a filter number") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 XOR 2", 3); }).find("at character 3") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("Sometimes", json::Value()); }).find("supported: Equality") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("Between", json::Value(3)); }).find("[low, high]") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("Equality", json::Value()); }).find("needs a value") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("IsNull", json::Value()); }).empty());
	// A date filter's value is checked when the sync is saved, not first met (and matching nothing) in a run.
	CPPUNIT_ASSERT_EQUAL(std::string("OnOrAfter takes a date or a timestamp: '9999999-99-99' is not an ISO 8601 date (YYYY-MM-DD) or "
		"timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])"), problem([] { checkFilter("OnOrAfter", json::Value("9999999-99-99")); }));
	CPPUNIT_ASSERT(problem([] { checkFilter("OnOrBefore", json::Value("2026-02-30")); }).find("the day 30 is not from 1 to 29") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("OnOrAfter", json::Value("2026-01-01T25:00:00Z")); }).find("hour 25") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("OnOrAfter", json::Value(20260101)); }).find("a number is not an ISO 8601 date") != std::string::npos);
	CPPUNIT_ASSERT(problem([] { checkFilter("OnOrAfter", json::Value("2026-01-01")); }).empty());
	CPPUNIT_ASSERT(problem([] { checkFilter("OnOrBefore", json::Value("2026-01-01T05:30:00+05:30")); }).empty());
}


void RecordMapperTest::testFilterLogicDepth()
{
	// Each of these overflowed the stack of the web process (exit 139) before the parser bounded its recursion.
	const std::string parentheses = std::string(50000, '(') + "1" + std::string(50000, ')');
	const std::string problemText = problem([&] { FilterLogic::parse(parentheses, 3); });
	CPPUNIT_ASSERT_MESSAGE(problemText, problemText.find("nested more than 32 levels deep") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE("the message does not repeat 100,000 characters", problemText.size() < 300);
	std::string nots;
	for (int i = 0; i < 50000; ++i) nots += "NOT ";
	CPPUNIT_ASSERT(problem([&] { FilterLogic::parse(nots + "1", 3); }).find("nested more than 32") != std::string::npos);
	std::string chain = "1";
	for (int i = 0; i < 200000; ++i) chain += " OR 2";
	CPPUNIT_ASSERT(problem([&] { FilterLogic::parse(chain, 3); }).find("more than 1000 filter numbers") != std::string::npos);

	const std::string deepest = std::string(32, '(') + "NOT 3" + std::string(32, ')');
	CPPUNIT_ASSERT(problem([&] { FilterLogic::parse(deepest, 3); }).find("nested more than 32") != std::string::npos);
	const std::string allowed = std::string(31, '(') + "NOT 3" + std::string(31, ')');
	CPPUNIT_ASSERT(FilterLogic::parse(allowed, 3).evaluate({true, true, false}));
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 AND 99999999999999999999999", 3); }).find("there is no filter 99999999999999999999") !=
		std::string::npos);
	// A fragment quoted back never ends inside a character.
	CPPUNIT_ASSERT(problem([] { FilterLogic::parse("1 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3); }).find("unexpected '\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9'") !=
		std::string::npos);
}


void RecordMapperTest::testTimestampText()
{
	const int64_t newYear = parseTimestamp("2026-01-01T00:00:00Z");
	CPPUNIT_ASSERT_EQUAL(newYear, parseTimestamp("2026-01-01"));
	CPPUNIT_ASSERT_EQUAL(newYear, parseTimestamp("2026-01-01T05:30:00+05:30"));
	CPPUNIT_ASSERT_EQUAL(newYear, parseTimestamp("2026-01-01T05:30:00+0530"));
	CPPUNIT_ASSERT_EQUAL(newYear, parseTimestamp("2026-01-01 05:00+05"));
	CPPUNIT_ASSERT_EQUAL(newYear, parseTimestamp("2025-12-31T19:00:00.000-05:00"));
	CPPUNIT_ASSERT_EQUAL(newYear + 250000, parseTimestamp("2026-01-01T00:00:00.25Z"));
	CPPUNIT_ASSERT_EQUAL(int64_t(20454), static_cast<int64_t>(parseDate("2026-01-01")));
	for (const char* bad: {"2026-13-01", "2026-00-10", "2026-02-30", "2025-02-29", "2026-01-32", "2026-01-01T25:00:00Z", "2026-01-01T23:60:00Z",
			 "2026-01-01T00:00:61Z", "2026-01-01T00:00:00+15:00", "2026-01-01T00:00:00+14:30", "2026-01-01T00:00:00+05:60", "2026-1-1",
			 "2026-01-01T00:00:00Zjunk", "2026-01-01x", "yesterday", "", " 2026-01-01", "2026-01-01T00"})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, parseTimestamp(bad), std::runtime_error);
	CPPUNIT_ASSERT_THROW(parseDate("2026-01-01T00:00:00Z"), std::runtime_error);
}


void RecordMapperTest::testDatesInFilters()
{
	// A date alone is midnight UTC: OnOrAfter "2026-01-01" keeps Ada (exactly then) and Bob, not nothing.
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "OnOrAfter", "value": "2026-01-01"}])") == Ids({1, 2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "OnOrBefore", "value": "2026-01-01"}])") == Ids({1, 17}));
	// +0530 is five and a half hours, not 530.
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "OnOrAfter", "value": "2026-01-01T05:30:00+0530"}])") == Ids({1, 2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "Between", "value": ["2025-12-31", "2026-01-01T01:00:00+01:00"]}])") == Ids({1, 17}));
	// A value that is no date is an error the pipeline builder sees, not a filter that silently matches nothing.
	const std::string bad = problem([] { passing(R"([{"field": "seen", "function": "OnOrAfter", "value": "2026-13-01"}])"); });
	CPPUNIT_ASSERT_MESSAGE(bad, bad.find("month 13") != std::string::npos && bad.find("seen") != std::string::npos);
}


void RecordMapperTest::testFilters()
{
	CPPUNIT_ASSERT(passing(R"([{"field": "id", "function": "Equality", "value": 2}])") == Ids({2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "id", "function": "Inequality", "value": 2}])") == Ids({1, 3, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "id", "function": "GreaterThan", "value": 2}])") == Ids({3, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "id", "function": "Between", "value": [2, 3]}])") == Ids({2, 3}));
	CPPUNIT_ASSERT(passing(R"([{"field": "score", "function": "GreaterThanEqual", "value": "99.99"}])") == Ids({2, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "score", "function": "LessThan", "value": 11}])") == Ids({1}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "IsNull"}])") == Ids({3}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "StringContains", "value": "o"}])") == Ids({2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "StringDoesNotContain", "value": "o"}])") == Ids({1, 3, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "StringStartsWith", "value": "A"}])") == Ids({1}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "StringEndsWith", "value": "7"}])") == Ids({17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "name", "function": "StringOneOf", "value": ["Ada", "Eve7"]}])") == Ids({1, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "active", "function": "True"}])") == Ids({1, 17}));
	CPPUNIT_ASSERT(passing(R"([{"field": "active", "function": "False"}])") == Ids({2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "OnOrAfter", "value": "2026-01-01T00:00:00Z"}])") == Ids({1, 2}));
	CPPUNIT_ASSERT(passing(R"([{"field": "seen", "function": "OnOrBefore", "value": "2026-01-01T00:00:00Z"}])") == Ids({1, 17}));
	const std::string three = R"([{"field": "id", "function": "GreaterThan", "value": 1}, {"field": "active", "function": "True"},
		{"field": "name", "function": "IsNull"}])";
	CPPUNIT_ASSERT(passing(three) == Ids({}));
	CPPUNIT_ASSERT(passing(three, "1 AND (2 OR 3)") == Ids({3, 17}));
	CPPUNIT_ASSERT(passing(three, "NOT 1 OR 3") == Ids({1, 3}));
}


void RecordMapperTest::testMappingAndOverrides()
{
	People people;
	RecordMapper mapper(json::Value::parse(R"({"identity": {"source": {"model_id": "m", "field": "id"}, "target": "key"},
		"fields": [{"source": {"model_id": "m", "field": "name"}, "target": "full_name"}, {"source": "score", "target": "score"},
		{"target": "origin", "override_value": "polytomic"}],
		"overrides": [{"field": "score", "function": "GreaterThan", "value": 100, "override": 100}]})"));
	mapper.bind(*people.reader);
	// The identity comes first when not mapped; the static value's column is a string.
	const auto& fields = mapper.targetFields();
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), fields.size());
	CPPUNIT_ASSERT_EQUAL(std::string("key"), fields[0].name);
	CPPUNIT_ASSERT(fields[0].type == sdk::Type::Int64);
	CPPUNIT_ASSERT(fields[2].type == sdk::Type::Decimal);
	CPPUNIT_ASSERT(fields[3].type == sdk::Type::String);
	sdk::BatchBuilder out(fields);
	for (int64_t row = 0; row < people.reader->rows(); ++row) mapper.append(*people.reader, row, out);
	ArrowSchema schema;
	ArrowArray array;
	out.finish(&schema, &array);
	sdk::BatchReader mapped(&schema, &array);
	CPPUNIT_ASSERT_EQUAL(std::string(R"([1,"Ada","10.50","polytomic"])"), rowToJson(mapped, 0).dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"([2,"Bob","100","polytomic"])"), rowToJson(mapped, 1).dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"([3,null,null,"polytomic"])"), rowToJson(mapped, 2).dump());
	array.release(&array);
	schema.release(&schema);
}


void RecordMapperTest::testLongValuesAsJson()
{
	sdk::BatchBuilder builder({{"name", sdk::Type::String}, {"raw", sdk::Type::Binary}});
	builder.appendString(0, "caf\xc3\xa9 au lait");
	builder.appendBinary(1, std::string("\x01\x02\x03\x04\x05", 5));
	builder.appendString(0, "short");
	builder.appendBinary(1, "\xff");
	ArrowSchema schema;
	ArrowArray array;
	builder.finish(&schema, &array);
	sdk::BatchReader batch(&schema, &array);
	// Cut at 4 bytes, not inside the "é" (two bytes from the fourth); binary keeps 4 hex digits' worth.
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["caf... [truncated: 13 bytes in all]","\\x0102... [truncated: 5 bytes in all]"])"),
		rowToJson(batch, 0, 4).dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["short","\\xff"])"), rowToJson(batch, 1, 5).dump());
	CPPUNIT_ASSERT_EQUAL(std::string("[\"caf\xc3\xa9 au lait\",\"\\\\x0102030405\"]"), rowToJson(batch, 0).dump());
	array.release(&array);
	schema.release(&schema);
}


void RecordMapperTest::testHashFollowsTheMappedValues()
{
	People people;
	const auto hashes = [&people](const std::string& spec) {
		RecordMapper mapper(json::Value::parse(spec));
		mapper.bind(*people.reader);
		std::vector<uint64_t> out;
		for (int64_t row = 0; row < people.reader->rows(); ++row) out.push_back(mapper.hash(*people.reader, row));
		return out;
	};
	const std::string base = R"({"fields": [{"source": "name", "target": "name"}, {"source": "score", "target": "score"}]})";
	const auto first = hashes(base);
	CPPUNIT_ASSERT(first == hashes(base));   // stable
	CPPUNIT_ASSERT(first[0] != first[1] && first[1] != first[2] && first[0] != first[3]);
	// Another target name, another mapping or a static value: another hash.
	CPPUNIT_ASSERT(first[0] != hashes(R"({"fields": [{"source": "name", "target": "full_name"}, {"source": "score", "target": "score"}]})")[0]);
	CPPUNIT_ASSERT(first[0] != hashes(R"({"fields": [{"source": "name", "target": "name"}, {"source": "score", "target": "score"},
		{"target": "x", "override_value": 1}]})")[0]);
	// A null and an empty string differ.
	CPPUNIT_ASSERT(hashes(R"({"fields": [{"target": "a", "override_value": null}]})")[0] !=
		hashes(R"({"fields": [{"target": "a", "override_value": ""}]})")[0]);
	// With tracking columns, only they tell a change: Ada and Eve share "active".
	const auto tracked = hashes(R"({"fields": [{"source": "name", "target": "name"}], "tracking_columns": ["active"]})");
	CPPUNIT_ASSERT(tracked[0] == tracked[3] && tracked[0] != tracked[1]);
	// Columns the mapping does not use do not count.
	CPPUNIT_ASSERT(hashes(R"({"fields": [{"source": "active", "target": "a"}]})")[0] ==
		hashes(R"({"fields": [{"source": "active", "target": "a"}]})")[3]);
}


void RecordMapperTest::testIdentityText()
{
	People people;
	RecordMapper byId(json::Value::parse(R"({"identity": {"source": "id", "target": "id"}, "fields": [{"source": "name", "target": "n"}]})"));
	byId.bind(*people.reader);
	CPPUNIT_ASSERT(byId.hasIdentity());
	CPPUNIT_ASSERT_EQUAL(std::string("17"), byId.identity(*people.reader, 3));
	RecordMapper bySeen(json::Value::parse(R"({"identity": {"source": "seen", "target": "seen"}, "fields": [{"source": "name", "target": "n"}]})"));
	bySeen.bind(*people.reader);
	CPPUNIT_ASSERT_EQUAL(std::string("2026-06-01T12:00:00.000000Z"), bySeen.identity(*people.reader, 1));
	CPPUNIT_ASSERT_EQUAL(std::string(""), bySeen.identity(*people.reader, 2));   // null: no identity
	// Without an identity (append), the identity is the hash of the values.
	RecordMapper none(json::Value::parse(R"({"fields": [{"source": "name", "target": "n"}]})"));
	none.bind(*people.reader);
	CPPUNIT_ASSERT(!none.hasIdentity());
	CPPUNIT_ASSERT_EQUAL(std::size_t(16), none.identity(*people.reader, 0).size());
	CPPUNIT_ASSERT(none.identity(*people.reader, 0) != none.identity(*people.reader, 1));
}


void RecordMapperTest::testMissingFields()
{
	People people;
	RecordMapper mapper(json::Value::parse(R"({"identity": {"source": "email", "target": "email"}, "fields": [{"source": "name", "target": "n"}]})"));
	CPPUNIT_ASSERT_EQUAL(std::string("the model has no field 'email' (the identity)"), problem([&] { mapper.bind(*people.reader); }));
	RecordMapper filtered(json::Value::parse(R"({"fields": [{"source": "name", "target": "n"}],
		"filters": [{"field": "age", "function": "IsNull"}]})"));
	CPPUNIT_ASSERT_EQUAL(std::string("the model has no field 'age' (a filter)"), problem([&] { filtered.bind(*people.reader); }));
	CPPUNIT_ASSERT(problem([] { RecordMapper(json::Value::parse(R"({"fields": [{"target": "n"}]})")); }).find("neither a source field") !=
		std::string::npos);
	CPPUNIT_ASSERT(problem([] { RecordMapper(json::Value::parse(R"({"fields": [{"source": "a", "target": "n"}],
		"overrides": [{"field": "b", "function": "IsNull", "override": 1}]})")); }).find("no mapped field comes from it") != std::string::npos);
}


CppUnit::Test* RecordMapperTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RecordMapperTest");
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testFilterLogic);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testFilterLogicErrors);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testFilterLogicDepth);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testTimestampText);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testDatesInFilters);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testFilters);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testMappingAndOverrides);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testLongValuesAsJson);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testHashFollowsTheMappedValues);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testIdentityText);
	POLYTOMIC_ADD_TEST(suite, RecordMapperTest, testMissingFields);
	return suite;
}
