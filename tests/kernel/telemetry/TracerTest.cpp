//
// TracerTest.cpp
//


#include "TracerTest.h"
#include "fakes/FakeDatadogAgent.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "telemetry/QueryTracing.h"
#include "telemetry/Tracer.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include <cppunit/TestAssert.h>
#include <thread>


using namespace polytomic::telemetry;
using std::chrono::milliseconds;


namespace
{
	Tracer::Params params(unsigned port)
	{
		Tracer::Params p;
		p.agentHost = "127.0.0.1";
		p.agentPort = port;
		p.service = "polytomic-test";
		p.env = "ci";
		p.version = "9.9.9";
		p.flushInterval = milliseconds(100);
		return p;
	}
}


void TracerTest::tearDown()
{
	Tracer::setActive(nullptr);
}


void TracerTest::testNothingWithoutTracer()
{
	Span span("http.request", "GET /", "web");
	CPPUNIT_ASSERT(!span.recording());
	CPPUNIT_ASSERT(!Span::inTrace());
}


void TracerTest::testNestedSpansMakeOneTrace()
{
	polytomic::test::FakeDatadogAgent agent;
	Tracer tracer(params(agent.port()));
	Tracer::setActive(&tracer);
	{
		Span root("http.request", "GET /api/syncs/{id}", "web");
		root.setTag("http.status_code", "200");
		{
			Span child("postgres.query", "SELECT 1", "sql", Span::When::IN_TRACE);
			CPPUNIT_ASSERT(child.recording());
		}
	}
	CPPUNIT_ASSERT(tracer.flush());
	const auto spans = agent.spans();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), spans.size());
	const auto& child = spans[0]->getValue<std::string>("name") == "postgres.query" ? spans[0] : spans[1];
	const auto& root = spans[0]->getValue<std::string>("name") == "postgres.query" ? spans[1] : spans[0];
	CPPUNIT_ASSERT_EQUAL(root->getValue<Poco::UInt64>("trace_id"), child->getValue<Poco::UInt64>("trace_id"));
	CPPUNIT_ASSERT_EQUAL(root->getValue<Poco::UInt64>("span_id"), child->getValue<Poco::UInt64>("parent_id"));
	CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), root->getValue<Poco::UInt64>("parent_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic-test"), root->getValue<std::string>("service"));
	CPPUNIT_ASSERT_EQUAL(std::string("ci"), root->getObject("meta")->getValue<std::string>("env"));
	CPPUNIT_ASSERT_EQUAL(std::string("200"), root->getObject("meta")->getValue<std::string>("http.status_code"));
	CPPUNIT_ASSERT(root->getValue<Poco::Int64>("duration") >= child->getValue<Poco::Int64>("duration"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), tracer.spansSent());
}


void TracerTest::testQueriesOnlyInsideATrace()
{
	polytomic::test::FakeDatadogAgent agent;
	Tracer tracer(params(agent.port()));
	Tracer::setActive(&tracer);
	QueryTracing queries;
	CPPUNIT_ASSERT(!queries.started("SELECT 1"));
	{
		Span root("execution", "bulk_syncs", "worker");
		auto query = queries.started("UPDATE t SET a = $1 WHERE id = $2");
		CPPUNIT_ASSERT(query);
		query->failed("23505");
	}
	CPPUNIT_ASSERT(tracer.flush());
	const auto spans = agent.spans();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), spans.size());
	for (const auto& span: spans)
	{
		if (span->getValue<std::string>("name") != "postgres.query") continue;
		CPPUNIT_ASSERT_EQUAL(std::string("UPDATE t SET a = $1 WHERE id = $2"), span->getValue<std::string>("resource"));
		CPPUNIT_ASSERT_EQUAL(1, span->getValue<int>("error"));
		CPPUNIT_ASSERT_EQUAL(std::string("SQLSTATE 23505"), span->getObject("meta")->getValue<std::string>("error.message"));
	}
}


void TracerTest::testAgentReceivesWellFormedTraces()
{
	polytomic::test::FakeDatadogAgent agent;
	Tracer tracer(params(agent.port()));
	Tracer::setActive(&tracer);
	tracer.start();
	for (int i = 0; i < 5; ++i)
	{
		Span root("execution", "syncs", "worker");
		Span phase("executor.read", "read", "custom", Span::When::IN_TRACE);
	}
	CPPUNIT_ASSERT(agent.waitForRequests(1, milliseconds(3000)));
	tracer.stop();
	for (const auto& request: agent.requests())
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request.body, std::string(""), polytomic::test::FakeDatadogAgent::check(request));
		CPPUNIT_ASSERT_EQUAL(std::string("PUT"), request.method);
		CPPUNIT_ASSERT_EQUAL(std::string("/v0.3/traces"), request.path);
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), agent.spans().size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), tracer.spansDropped());
}


void TracerTest::testUnreachableAgentDropsAndNeverBlocks()
{
	Tracer tracer(params(polytomic::test::TestEnvironment::freePort()));
	Tracer::setActive(&tracer);
	tracer.start();
	const auto start = std::chrono::steady_clock::now();
	for (int i = 0; i < 100; ++i) Span span("http.request", "GET /status.txt", "web");
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(200));
	const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
	while (tracer.spansDropped() < 100 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(milliseconds(50));
	tracer.stop();
	CPPUNIT_ASSERT_EQUAL(std::size_t(100), tracer.spansDropped());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), tracer.spansSent());
}


CppUnit::Test* TracerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("TracerTest");
	POLYTOMIC_ADD_TEST(suite, TracerTest, testNothingWithoutTracer);
	POLYTOMIC_ADD_TEST(suite, TracerTest, testNestedSpansMakeOneTrace);
	POLYTOMIC_ADD_TEST(suite, TracerTest, testQueriesOnlyInsideATrace);
	POLYTOMIC_ADD_TEST(suite, TracerTest, testAgentReceivesWellFormedTraces);
	POLYTOMIC_ADD_TEST(suite, TracerTest, testUnreachableAgentDropsAndNeverBlocks);
	return suite;
}
