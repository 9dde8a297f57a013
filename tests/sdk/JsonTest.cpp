//
// JsonTest.cpp
//


#include "JsonTest.h"
#include "polytomic/json.hpp"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::json::ParseError;
using polytomic::json::ParseLimits;
using polytomic::json::TooLarge;
using polytomic::json::Value;


void JsonTest::testParseAndDump()
{
	const std::string text = "{\"host\":\"db\",\"port\":5432,\"ssl\":true,\"tags\":[\"a\",null,1.5],\"nested\":{\"x\":{}}}";
	Value v = Value::parse(text);
	CPPUNIT_ASSERT_EQUAL(std::string("db"), v["host"].asString());
	CPPUNIT_ASSERT_EQUAL(int64_t(5432), v["port"].asInt64());
	CPPUNIT_ASSERT(v["ssl"].asBool());
	CPPUNIT_ASSERT(v["tags"][1].isNull());
	CPPUNIT_ASSERT_EQUAL(1.5, v["tags"][2].asDouble());
	CPPUNIT_ASSERT(v["missing"].isNull());
	CPPUNIT_ASSERT_EQUAL(text, v.dump());
	CPPUNIT_ASSERT(Value::parse(" [ ] ").isArray());
}


void JsonTest::testEscapesAndUnicode()
{
	Value v = Value::parse("\"q\\\" b\\\\ n\\n t\\t u\\u00e9 s\\ud83d\\ude00\"");
	CPPUNIT_ASSERT_EQUAL(std::string("q\" b\\ n\n t\t u\xc3\xa9 s\xf0\x9f\x98\x80"), v.asString());
	CPPUNIT_ASSERT_EQUAL(std::string("\"a\\u0001\\\"\""), Value(std::string("a\x01\"")).dump());
}


void JsonTest::testNumbers()
{
	CPPUNIT_ASSERT_EQUAL(int64_t(9007199254740993LL), Value::parse("9007199254740993").asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("9007199254740993"), Value::parse("9007199254740993").dump());
	CPPUNIT_ASSERT_EQUAL(-2.5e10, Value::parse("-2.5e10").asDouble());
	CPPUNIT_ASSERT(!Value::parse("1.0").isInteger());
	CPPUNIT_ASSERT_THROW(Value::parse("1.5").asInt64(), std::runtime_error);
}


void JsonTest::testErrors()
{
	for (const char* bad: {"", "{", "{\"a\" 1}", "[1,]", "tru", "\"unterminated", "{\"a\":1} x", "[\"\x01\"]"})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, Value::parse(bad), ParseError);
	CPPUNIT_ASSERT_THROW(Value::parse("{}")["a"].asString(), std::runtime_error);
}


void JsonTest::testBuilding()
{
	Value v = Value::object();
	v.set("id", "public.users");
	v.set("fields", Value::array()).push(Value::object()).set("name", "id");
	v.set("id", "public.orders");
	CPPUNIT_ASSERT_EQUAL(std::string("{\"id\":\"public.orders\",\"fields\":[{\"name\":\"id\"}]}"), v.dump());
	CPPUNIT_ASSERT(Value::parse(v.dump()) == v);
}


void JsonTest::testRefusesTextThatIsNotUtf8()
{
	// A stray continuation byte, a truncated sequence, an over-long '/', a UTF-8-encoded surrogate,
	// a code point past U+10FFFF, Latin-1: none is UTF-8, and JSON text must be (RFC 8259 8.1).
	for (const char* bad: {"\"\x80\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "{\"caf\xe9\": 1}"})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, Value::parse(bad), ParseError);
	CPPUNIT_ASSERT_EQUAL(std::string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), Value::parse("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"").asString());
	CPPUNIT_ASSERT(polytomic::json::isValidUtf8("plain \xc3\xa9"));
	CPPUNIT_ASSERT(!polytomic::json::isValidUtf8("\xff"));
}


void JsonTest::testSurrogatePairs()
{
	CPPUNIT_ASSERT_EQUAL(std::string("\xf0\x9f\x98\x80"), Value::parse("\"\\uD83D\\uDE00\"").asString());
	CPPUNIT_ASSERT_EQUAL(std::string("\xf4\x8f\xbf\xbf"), Value::parse("\"\\udbff\\udfff\"").asString());
	// A lone half, or a high half followed by something other than a low half, is not a character.
	for (const char* bad: {"\"\\ud800\"", "\"\\udc00\"", "\"x\\ud800y\"", "\"\\ud800\\u0041\"", "\"\\ud800\\ud800\"", "\"\\ude00\\ud83d\""})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, Value::parse(bad), ParseError);
}


void JsonTest::testNulInStrings()
{
	CPPUNIT_ASSERT_EQUAL(std::string("a\0b", 3), Value::parse("\"a\\u0000b\"").asString());
	ParseLimits limits;
	limits.allowNul = false;
	CPPUNIT_ASSERT_THROW(Value::parse("{\"name\": \"a\\u0000b\"}", limits), ParseError);
	CPPUNIT_ASSERT_THROW(Value::parse("{\"a\\u0000\": 1}", limits), ParseError);
	CPPUNIT_ASSERT_EQUAL(std::string("a"), Value::parse("{\"name\": \"a\"}", limits)["name"].asString());
}


void JsonTest::testDuplicateNames()
{
	// By default both members are kept and get() finds the first, as before.
	CPPUNIT_ASSERT_EQUAL(std::string("viewer"), Value::parse("{\"role\": \"viewer\", \"role\": \"admin\"}").getString("role"));
	ParseLimits limits;
	limits.allowDuplicateNames = false;
	try
	{
		Value::parse("{\"a\": 1, \"role\": \"viewer\", \"b\": {\"role\": 2}, \"role\": \"admin\"}", limits);
		CPPUNIT_FAIL("a name given twice was accepted");
	}
	catch (const ParseError& e)
	{
		CPPUNIT_ASSERT_EQUAL(std::string("invalid JSON at offset 0: the object names member \"role\" more than once"), std::string(e.what()));
	}
	CPPUNIT_ASSERT_THROW(Value::parse("[{\"x\": {\"k\": 1, \"k\": 1}}]", limits), ParseError);
	// The same name in different objects is fine; so is a large object (sorted, not compared pairwise).
	CPPUNIT_ASSERT_NO_THROW(Value::parse("{\"role\": 1, \"b\": {\"role\": 2}}", limits));
	std::string large = "{";
	for (int i = 0; i < 200000; ++i) large += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
	CPPUNIT_ASSERT_EQUAL(std::size_t(200000), Value::parse(large + "}", limits).size());
	CPPUNIT_ASSERT_THROW(Value::parse(large + ",\"199999\":1}", limits), ParseError);
}


void JsonTest::testDepthAndValueLimits()
{
	// Deep nesting is refused before it exhausts the stack, whatever the text's length.
	const std::string deep = std::string(100000, '[') + std::string(100000, ']');
	CPPUNIT_ASSERT_THROW(Value::parse(deep), ParseError);
	CPPUNIT_ASSERT_NO_THROW(Value::parse(std::string(128, '[') + std::string(128, ']')));
	ParseLimits limits;
	limits.maxDepth = 3;
	CPPUNIT_ASSERT_NO_THROW(Value::parse("[[[1]]]", limits));
	CPPUNIT_ASSERT_THROW(Value::parse("[[[[1]]]]", limits), ParseError);
	CPPUNIT_ASSERT_THROW(Value::parse("{\"a\":{\"b\":{\"c\":{}}}}", limits), ParseError);

	limits = ParseLimits();
	limits.maxValues = 4;
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), Value::parse("[[],[],[]]", limits).size());
	CPPUNIT_ASSERT_THROW(Value::parse("[[],[],[],[]]", limits), TooLarge);
	CPPUNIT_ASSERT_THROW(Value::parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", limits), TooLarge);
}


void JsonTest::testStrictNumbers()
{
	for (const char* bad: {"-", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "1.5.5", "1e5e5", "--1", "0x10", "1e400", "-1e400"})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, Value::parse(bad), ParseError);
	CPPUNIT_ASSERT_EQUAL(0.0, Value::parse("-0").asDouble());
	CPPUNIT_ASSERT_EQUAL(1.5e-3, Value::parse("1.5E-3").asDouble());
	CPPUNIT_ASSERT_EQUAL(1e20, Value::parse("100000000000000000000").asDouble());
	// Found by the Json fuzzer: -0 (written, or underflowing) dumped as "-0", which reads back as the integer 0.
	for (const char* zero: {"-0.0", "-1e-400", "[-0.0]"})
	{
		const std::string once = Value::parse(zero).dump();
		CPPUNIT_ASSERT_MESSAGE(once, once == "0" || once == "[0]");
		CPPUNIT_ASSERT_EQUAL(once, Value::parse(once).dump());
	}
}


void JsonTest::testWholeNumbersInRange()
{
	// 1e300 is a whole number but not an int64_t: converting it is undefined behaviour, so it is refused.
	for (const char* big: {"1e300", "-1e300", "9223372036854775808.0", "100000000000000000000"})
		CPPUNIT_ASSERT_THROW_MESSAGE(big, Value::parse(big).asInt64(), std::runtime_error);
	CPPUNIT_ASSERT_THROW(Value(1e300).asInt64(), std::runtime_error);
	CPPUNIT_ASSERT_THROW(Value::parse("{\"n\": 1e300}").getInt64("n", 0), std::runtime_error);
	CPPUNIT_ASSERT_EQUAL(int64_t(-9223372036854775807LL - 1), Value::parse("-9223372036854775808.0").asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), Value::parse("1e3").asInt64());
	CPPUNIT_ASSERT(Value(std::nan("")) != Value(0.0));
}


void JsonTest::testWriterRepairsUtf8()
{
	// A connector's error message with bytes that are not UTF-8 still makes valid JSON text.
	const std::string written = Value(std::string("bad \xff byte, cut \xe2\x82")).dump();
	CPPUNIT_ASSERT_EQUAL(std::string("\"bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd\""), written);
	CPPUNIT_ASSERT_NO_THROW(Value::parse(written));
	CPPUNIT_ASSERT_EQUAL(std::string("ok \xef\xbf\xbd"), polytomic::json::repairedUtf8("ok \xc3"));
	CPPUNIT_ASSERT_EQUAL(std::string("\"\xc3\xa9\""), Value(std::string("\xc3\xa9")).dump());
}


CppUnit::Test* JsonTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JsonTest");
	POLYTOMIC_ADD_TEST(suite, JsonTest, testParseAndDump);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testEscapesAndUnicode);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testNumbers);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testErrors);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testBuilding);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testRefusesTextThatIsNotUtf8);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testSurrogatePairs);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testNulInStrings);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testDuplicateNames);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testDepthAndValueLimits);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testStrictNumbers);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testWholeNumbersInRange);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testWriterRepairsUtf8);
	return suite;
}
