//
// HttpServerTest.cpp
//


#include "HttpServerTest.h"
#include "RunningServer.h"
#include "http/HttpError.h"
#include "store/DatabaseError.h"
#include "telemetry/LogContext.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <future>
#include <thread>


using namespace polytomic::http;
using polytomic::test::HttpProbe;
using polytomic::test::HttpReply;
using std::chrono::milliseconds;


namespace
{
	Poco::JSON::Object::Ptr parse(const std::string& body)
	{
		Poco::JSON::Parser parser;
		return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
	}
}


void HttpServerTest::testUnexpectedExceptionBecomesJson500()
{
	Router router;
	router.add("GET", "/boom", [](Exchange&) { throw std::runtime_error("secret internals"); });
	router.add("GET", "/int", [](Exchange&) { throw 42; });
	RunningServer running(router);
	for (const char* path: {"/boom", "/int"})
	{
		HttpReply reply = HttpProbe::get(running.port(), path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.error, 500, reply.status);
		auto body = parse(reply.body);
		CPPUNIT_ASSERT_EQUAL(500, body->getValue<int>("status"));
		CPPUNIT_ASSERT_EQUAL(std::string("internal_error"), body->getValue<std::string>("key"));
		const std::string message = body->getValue<std::string>("message");
		CPPUNIT_ASSERT(message.find(reply.headers["X-Request-Id"]) != std::string::npos);
		CPPUNIT_ASSERT(message.find("secret internals") == std::string::npos);
	}
}


void HttpServerTest::testHttpErrorBody()
{
	Router router;
	router.add("POST", "/api/syncs/{id}/executions", [](Exchange& e) {
		Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object;
		metadata->set("execution_id", "e-1");
		throw HttpError(409, "conflict", "an execution of sync " + e.parameter("id") + " is already running", metadata);
	});
	RunningServer running(router);
	HttpReply reply = HttpProbe::request(running.port(), "POST", "/api/syncs/s1/executions", "{}");
	CPPUNIT_ASSERT_EQUAL(409, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":409,\"key\":\"conflict\",\"message\":\"an execution of sync s1 is already running\","
		"\"metadata\":{\"execution_id\":\"e-1\"}}"), reply.body);
}


void HttpServerTest::testDatabaseUnavailableIs503()
{
	Router router;
	router.add("GET", "/db", [](Exchange&) {
		throw polytomic::store::DatabaseUnavailable("cannot connect to PostgreSQL at db port 5432 (user \"app\")");
	});
	RunningServer running(router);
	HttpReply reply = HttpProbe::get(running.port(), "/db");
	CPPUNIT_ASSERT_EQUAL(503, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("database_unavailable"), parse(reply.body)->getValue<std::string>("key"));
	CPPUNIT_ASSERT(reply.body.find("5432") == std::string::npos);
}


void HttpServerTest::testBodySizeLimit()
{
	Router router;
	router.add("POST", "/echo", [](Exchange& e) { e.sendText(200, std::to_string(e.body().size())); });
	router.add("POST", "/json", [](Exchange& e) { e.sendText(200, e.jsonBody()->getValue<std::string>("name")); });
	RunningServer running(router, 1024);
	CPPUNIT_ASSERT_EQUAL(std::string("1024"), HttpProbe::request(running.port(), "POST", "/echo", std::string(1024, 'x')).body);
	HttpReply tooLarge = HttpProbe::request(running.port(), "POST", "/echo", std::string(5000, 'x'));
	CPPUNIT_ASSERT_EQUAL(413, tooLarge.status);
	CPPUNIT_ASSERT(tooLarge.body.find("MAX_REQUEST_BODY") != std::string::npos);
	HttpReply chunked = HttpProbe::request(running.port(), "POST", "/echo", std::string(5000, 'y'), {{"Transfer-Encoding", "chunked"}});
	CPPUNIT_ASSERT_EQUAL(413, chunked.status);
	CPPUNIT_ASSERT_EQUAL(std::string("pipeline"), HttpProbe::request(running.port(), "POST", "/json", "{\"name\":\"pipeline\"}").body);
	HttpReply notJson = HttpProbe::request(running.port(), "POST", "/json", "{name: pipeline");
	CPPUNIT_ASSERT_EQUAL(400, notJson.status);
	CPPUNIT_ASSERT(notJson.body.find("not valid JSON") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(400, HttpProbe::request(running.port(), "POST", "/json", "[1,2]").status);

	// A POST with neither Content-Length nor chunked encoding (curl -X POST) has an empty
	// body: it is answered at once, not when the client gives up and closes.
	Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(running.port())));
	socket.setReceiveTimeout(Poco::Timespan(5, 0));
	const std::string request = "POST /echo HTTP/1.1\r\nHost: localhost\r\n\r\n";
	socket.sendBytes(request.data(), static_cast<int>(request.size()));
	char answer[512];
	const int received = socket.receiveBytes(answer, sizeof(answer));
	const std::string reply(answer, static_cast<std::size_t>(std::max(received, 0)));
	CPPUNIT_ASSERT_MESSAGE(reply, reply.rfind("HTTP/1.1 200", 0) == 0);
	CPPUNIT_ASSERT_MESSAGE(reply, reply.size() >= 1 && reply.back() == '0');
}


void HttpServerTest::testRequestIds()
{
	Router router;
	router.add("GET", "/id", [](Exchange& e) { e.sendText(200, polytomic::telemetry::LogContext::requestId()); });
	RunningServer running(router);
	HttpReply given = HttpProbe::request(running.port(), "GET", "/id", "", {{"X-Request-Id", "trace-abc.123"}});
	CPPUNIT_ASSERT_EQUAL(std::string("trace-abc.123"), given.headers["X-Request-Id"]);
	CPPUNIT_ASSERT_EQUAL(std::string("trace-abc.123"), given.body);
	HttpReply malformed = HttpProbe::request(running.port(), "GET", "/id", "", {{"X-Request-Id", "bad id\" <script>"}});
	CPPUNIT_ASSERT_EQUAL(std::size_t(36), malformed.headers["X-Request-Id"].size());
	CPPUNIT_ASSERT_EQUAL(malformed.headers["X-Request-Id"], malformed.body);
	HttpReply other = HttpProbe::get(running.port(), "/id");
	CPPUNIT_ASSERT(other.body != malformed.body);
}


void HttpServerTest::testGracefulShutdownFinishesInFlight()
{
	Router router;
	std::atomic<bool> started{false};
	router.add("GET", "/slow", [&](Exchange& e) {
		started = true;
		std::this_thread::sleep_for(milliseconds(800));
		e.sendText(200, "finished");
	});
	router.add("GET", "/fast", [](Exchange& e) { e.sendText(200, "fast"); });
	auto running = std::make_unique<RunningServer>(router);
	const unsigned port = running->port();
	auto slow = std::async(std::launch::async, [port] { return HttpProbe::get(port, "/slow"); });
	while (!started) std::this_thread::sleep_for(milliseconds(5));
	auto stopped = std::async(std::launch::async, [&] { return running->server.shutdown(milliseconds(5000)); });
	std::this_thread::sleep_for(milliseconds(200));
	HttpReply refused = HttpProbe::request(port, "GET", "/fast", "", {}, milliseconds(500));
	CPPUNIT_ASSERT_EQUAL_MESSAGE("a new request was served during shutdown", 0, refused.status);
	HttpReply finished = slow.get();
	CPPUNIT_ASSERT_EQUAL(200, finished.status);
	CPPUNIT_ASSERT_EQUAL(std::string("finished"), finished.body);
	CPPUNIT_ASSERT(stopped.get());
}


void HttpServerTest::testShutdownIsBounded()
{
	Router router;
	std::atomic<bool> started{false};
	router.add("GET", "/stuck", [&](Exchange& e) {
		started = true;
		std::this_thread::sleep_for(milliseconds(3000));
		e.sendText(200, "late");
	});
	RunningServer running(router);
	auto stuck = std::async(std::launch::async, [&] { return HttpProbe::get(running.port(), "/stuck"); });
	while (!started) std::this_thread::sleep_for(milliseconds(5));
	const auto begin = std::chrono::steady_clock::now();
	CPPUNIT_ASSERT(!running.server.shutdown(milliseconds(300)));
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - begin < milliseconds(2500));
	stuck.get();
}


void HttpServerTest::testManyConcurrentRequests()
{
	Router router;
	router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK\n"); });
	RunningServer running(router);
	std::atomic<int> ok{0};
	std::vector<std::thread> clients;
	for (int c = 0; c < 16; ++c)
	{
		clients.emplace_back([&] {
			for (int i = 0; i < 50; ++i)
				if (HttpProbe::get(running.port(), "/status.txt").status == 200) ++ok;
		});
	}
	for (auto& t: clients) t.join();
	CPPUNIT_ASSERT_EQUAL(16 * 50, ok.load());
}


CppUnit::Test* HttpServerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("HttpServerTest");
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testUnexpectedExceptionBecomesJson500);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testHttpErrorBody);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testDatabaseUnavailableIs503);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testBodySizeLimit);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testRequestIds);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testGracefulShutdownFinishesInFlight);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testShutdownIsBounded);
	POLYTOMIC_ADD_TEST(suite, HttpServerTest, testManyConcurrentRequests);
	return suite;
}
