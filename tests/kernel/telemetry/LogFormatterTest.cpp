//
// LogFormatterTest.cpp
//


#include "LogFormatterTest.h"
#include "telemetry/LogContext.h"
#include "telemetry/LogFormatter.h"
#include "support/TestDriver.h"
#include "Poco/JSON/Parser.h"
#include <cppunit/TestAssert.h>
#include <thread>


using namespace polytomic::telemetry;


namespace
{
	std::string format(LogFormatter::Format f, const std::string& text, Poco::Message::Priority priority = Poco::Message::PRIO_INFORMATION)
	{
		LogFormatter formatter(f);
		std::string line;
		formatter.format(Poco::Message("polytomic.http", text, priority), line);
		return line;
	}
}


void LogFormatterTest::testTextLine()
{
	const std::string line = format(LogFormatter::FORMAT_TEXT, "GET /status.txt 200");
	CPPUNIT_ASSERT_MESSAGE(line, line.find("Z info  polytomic.http GET /status.txt 200") != std::string::npos);
	CPPUNIT_ASSERT(line.find("request_id") == std::string::npos);
	CPPUNIT_ASSERT_EQUAL('2', line[0]);
}


void LogFormatterTest::testJsonLine()
{
	LogContext::Scope scope("req-42");
	const std::string line = format(LogFormatter::FORMAT_JSON, "quote \" tab \t newline \n done", Poco::Message::PRIO_WARNING);
	CPPUNIT_ASSERT(line.find('\n') == std::string::npos);
	Poco::JSON::Parser parser;
	auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
	CPPUNIT_ASSERT_EQUAL(std::string("warn"), object->getValue<std::string>("level"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic.http"), object->getValue<std::string>("logger"));
	CPPUNIT_ASSERT_EQUAL(std::string("quote \" tab \t newline \n done"), object->getValue<std::string>("msg"));
	CPPUNIT_ASSERT_EQUAL(std::string("req-42"), object->getValue<std::string>("request_id"));
	CPPUNIT_ASSERT(object->getValue<std::string>("ts").back() == 'Z');
}


void LogFormatterTest::testRequestIdFollowsTheThread()
{
	std::string inside, other, after;
	{
		LogContext::Scope scope("abc");
		inside = format(LogFormatter::FORMAT_TEXT, "x");
		std::thread([&] { other = format(LogFormatter::FORMAT_TEXT, "y"); }).join();
	}
	after = format(LogFormatter::FORMAT_TEXT, "z");
	CPPUNIT_ASSERT(inside.find("[request_id=abc] x") != std::string::npos);
	CPPUNIT_ASSERT(other.find("request_id") == std::string::npos);
	CPPUNIT_ASSERT(after.find("request_id") == std::string::npos);
}


void LogFormatterTest::testExecutionIdFollowsTheThread()
{
	std::string json, text, other, after;
	{
		LogContext::Scope request("req-7");
		LogContext::ExecutionScope execution("0b7c5a52-1111-4222-8333-944445555666");
		json = format(LogFormatter::FORMAT_JSON, "started");
		text = format(LogFormatter::FORMAT_TEXT, "started");
		std::thread([&] { other = format(LogFormatter::FORMAT_JSON, "y"); }).join();
	}
	after = format(LogFormatter::FORMAT_JSON, "z");
	Poco::JSON::Parser parser;
	auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
	CPPUNIT_ASSERT_EQUAL(std::string("0b7c5a52-1111-4222-8333-944445555666"), object->getValue<std::string>("execution_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("req-7"), object->getValue<std::string>("request_id"));
	CPPUNIT_ASSERT(text.find("[request_id=req-7] [execution_id=0b7c5a52-1111-4222-8333-944445555666] started") != std::string::npos);
	CPPUNIT_ASSERT(other.find("execution_id") == std::string::npos);
	CPPUNIT_ASSERT(after.find("execution_id") == std::string::npos);
}


void LogFormatterTest::testLevels()
{
	CPPUNIT_ASSERT_EQUAL(std::string("trace"), LogFormatter::levelName(Poco::Message::PRIO_TRACE));
	CPPUNIT_ASSERT_EQUAL(std::string("debug"), LogFormatter::levelName(Poco::Message::PRIO_DEBUG));
	CPPUNIT_ASSERT_EQUAL(std::string("info"), LogFormatter::levelName(Poco::Message::PRIO_NOTICE));
	CPPUNIT_ASSERT_EQUAL(std::string("warn"), LogFormatter::levelName(Poco::Message::PRIO_WARNING));
	CPPUNIT_ASSERT_EQUAL(std::string("error"), LogFormatter::levelName(Poco::Message::PRIO_CRITICAL));
}


void LogFormatterTest::testMessageIsOneLine()
{
	const std::string line = format(LogFormatter::FORMAT_TEXT, "query failed: ERROR: boom\nDETAIL: key (id)=(1)\r\n"
		"2026-01-01T00:00:00.000Z info  polytomic.http forged \x1b[31m");
	CPPUNIT_ASSERT_MESSAGE(line, line.find('\n') == std::string::npos && line.find('\r') == std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(line, line.find('\x1b') == std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(line, line.find("boom\\nDETAIL: key (id)=(1)\\r\\n2026-01-01T00:00:00.000Z info  polytomic.http forged \\x1b[31m") !=
		std::string::npos);
	CPPUNIT_ASSERT(format(LogFormatter::FORMAT_TEXT, "tab\tkept").find("tab\tkept") != std::string::npos);
	const std::string json = format(LogFormatter::FORMAT_JSON, "a\nb\rc\x1b");
	CPPUNIT_ASSERT_MESSAGE(json, json.find('\n') == std::string::npos && json.find('\r') == std::string::npos && json.find('\x1b') == std::string::npos);
}


CppUnit::Test* LogFormatterTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LogFormatterTest");
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testTextLine);
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testJsonLine);
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testRequestIdFollowsTheThread);
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testExecutionIdFollowsTheThread);
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testLevels);
	POLYTOMIC_ADD_TEST(suite, LogFormatterTest, testMessageIsOneLine);
	return suite;
}
