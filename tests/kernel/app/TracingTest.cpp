//
// TracingTest.cpp
//
// TRACING=true: a running server's spans received by a fake Datadog agent.
//


#include "TracingTest.h"
#include "LicensedServer.h"
#include "fakes/FakeDatadogAgent.h"
#include "support/TestDriver.h"
#include "Poco/JSON/Stringifier.h"
#include <cppunit/TestAssert.h>
#include <sstream>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;
using std::chrono::milliseconds;


namespace
{
	std::map<std::string, std::string> tracingEnvironment(const TestDatabase& db, unsigned port, unsigned agentPort)
	{
		auto env = licensedEnvironment(db, port, "");
		env.erase("DEPLOYMENT_KEY");
		env["TRACING"] = "true";
		env["DD_AGENT_HOST"] = "127.0.0.1";
		env["DD_TRACE_AGENT_PORT"] = std::to_string(agentPort);
		env["DD_SERVICE"] = "polytomic-ci";
		env["DD_ENV"] = "ci";
		return env;
	}


	std::string text(const Poco::JSON::Object::Ptr& span)
	{
		std::ostringstream out;
		Poco::JSON::Stringifier::condense(span, out);
		return out.str();
	}


	std::vector<Poco::JSON::Object::Ptr> named(const std::vector<Poco::JSON::Object::Ptr>& spans, const std::string& name)
	{
		std::vector<Poco::JSON::Object::Ptr> out;
		for (const auto& s: spans)
			if (s->getValue<std::string>("name") == name) out.push_back(s);
		return out;
	}
}


void TracingTest::testRequestsExecutionsAndQueriesReachTheAgent()
{
	TestDatabase db("tracing");
	FakeDatadogAgent agent;
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(tracingEnvironment(db, port, agent.port()));
	const ApiClient api(db, port);

	// A query with bound values: the organization id, the limit and the page token.
	const std::string token = "0badc0de-1234-4abc-9def-abcdefabcdef";
	CPPUNIT_ASSERT_EQUAL(200, api.call("GET", "/api/connections?limit=17&page_token=" + token).status);
	// An execution, run (and failed: its connector is not loaded) by this server's worker.
	const std::string org = db.scalar("SELECT id FROM organizations");
	const std::string connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org +
		"', 'c', 'test_good') RETURNING id");
	const std::string bulk = db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode, "
		"schemas) VALUES ('" + org + "', 'b', '" + connection + "', '" + connection + "', 'snapshot', '[{\"id\": \"t\"}]') RETURNING id");
	HttpReply started = api.call("POST", "/api/bulk/syncs/" + bulk + "/executions");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(started.body, 200, started.status);
	const std::string execution = json::Value::parse(started.body)["data"].getString("id");

	std::vector<Poco::JSON::Object::Ptr> spans;
	const auto deadline = std::chrono::steady_clock::now() + milliseconds(15000);
	while (std::chrono::steady_clock::now() < deadline)
	{
		spans = agent.spans();
		if (!named(spans, "execution").empty() && named(spans, "http.request").size() >= 2) break;
		std::this_thread::sleep_for(milliseconds(200));
	}
	for (const auto& request: agent.requests())
		CPPUNIT_ASSERT_EQUAL_MESSAGE(request.body, std::string(""), FakeDatadogAgent::check(request));

	// The request, and its queries as children, with their text and placeholders only.
	Poco::JSON::Object::Ptr list;
	for (const auto& s: named(spans, "http.request"))
		if (s->getValue<std::string>("resource") == "GET /api/connections") list = s;
	CPPUNIT_ASSERT_MESSAGE(std::to_string(spans.size()) + " spans", list);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic-ci"), list->getValue<std::string>("service"));
	CPPUNIT_ASSERT_EQUAL(std::string("200"), list->getObject("meta")->getValue<std::string>("http.status_code"));
	CPPUNIT_ASSERT_EQUAL(std::string("ci"), list->getObject("meta")->getValue<std::string>("env"));
	bool sawListQuery = false;
	for (const auto& q: named(spans, "postgres.query"))
	{
		if (q->getValue<Poco::UInt64>("parent_id") != list->getValue<Poco::UInt64>("span_id")) continue;
		CPPUNIT_ASSERT_EQUAL(list->getValue<Poco::UInt64>("trace_id"), q->getValue<Poco::UInt64>("trace_id"));
		if (q->getValue<std::string>("resource").find("FROM connections WHERE organization_id = $1::uuid") != std::string::npos)
			sawListQuery = true;
	}
	CPPUNIT_ASSERT(sawListQuery);

	// The execution, with its id, in a trace of its own.
	const auto executions = named(spans, "execution");
	CPPUNIT_ASSERT(!executions.empty());
	CPPUNIT_ASSERT_EQUAL(std::string("bulk_syncs"), executions.front()->getValue<std::string>("resource"));
	CPPUNIT_ASSERT_EQUAL(execution, executions.front()->getObject("meta")->getValue<std::string>("execution_id"));

	// Bound values never leave: not the page token, not the limit's value as a parameter, not the organization id.
	for (const auto& s: spans)
	{
		const std::string all = text(s);
		CPPUNIT_ASSERT_MESSAGE(all, all.find(token) == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(all, all.find(org) == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(all, all.find(TEST_API_KEY) == std::string::npos);
	}
}


void TracingTest::testUnreachableAgentCostsNothing()
{
	TestDatabase db("tracingdown");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(tracingEnvironment(db, port, TestEnvironment::freePort()));
	const ApiClient api(db, port);
	const auto start = std::chrono::steady_clock::now();
	for (int i = 0; i < 20; ++i) CPPUNIT_ASSERT_EQUAL(200, api.call("GET", "/api/connections").status);
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(5000));
	std::this_thread::sleep_for(milliseconds(1500));
	const std::string metrics = api.call("GET", "/metrics").body;
	const auto at = metrics.find("\npolytomic_trace_spans_dropped_total ");
	CPPUNIT_ASSERT_MESSAGE(metrics, at != std::string::npos);
	CPPUNIT_ASSERT(std::stod(metrics.substr(at + 37)) >= 20);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
}


CppUnit::Test* TracingTest::suite()
{
	auto* suite = new CppUnit::TestSuite("TracingTest");
	POLYTOMIC_ADD_TEST(suite, TracingTest, testRequestsExecutionsAndQueriesReachTheAgent);
	POLYTOMIC_ADD_TEST(suite, TracingTest, testUnreachableAgentCostsNothing);
	return suite;
}
