//
// JsonTest.cpp
//


#include "JsonTest.h"
#include "polytomic/json.hpp"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::json::ParseError;
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


CppUnit::Test* JsonTest::suite()
{
	auto* suite = new CppUnit::TestSuite("JsonTest");
	POLYTOMIC_ADD_TEST(suite, JsonTest, testParseAndDump);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testEscapesAndUnicode);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testNumbers);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testErrors);
	POLYTOMIC_ADD_TEST(suite, JsonTest, testBuilding);
	return suite;
}
