//
// ConcurrentReadsTest.cpp
//
// Many keep-alive clients reading every list route of a real server at once,
// for a few seconds: the server must stay up and answer each request 200.
// A viewer listing connections from 8 clients used to abort the server within
// seconds (issue #10: OpenSSL torn down under the threads decrypting secrets).
// That crash is a race: this test caught it in about one run of five on a busy
// two-core machine; store/SecretBoxTest::testManyThreadsAtOnce catches it always.
//


#include "ConcurrentReadsTest.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const std::string API_KEY = "k3y-for-the-tests-0123456789";
	const int CLIENTS = 32;
	const int STORED_CONNECTIONS = 20;
	const auto LOAD_DURATION = std::chrono::seconds(4);


	struct Route
	{
		std::string path;
		std::string authorization;
	};


	struct Tally
		/// What the clients saw: answers 200, and the first few of anything else.
	{
		std::atomic<long> ok{0};
		std::mutex mutex;
		std::vector<std::string> failures;

		void fail(const std::string& what)
		{
			std::lock_guard<std::mutex> lock(mutex);
			if (failures.size() < 10) failures.push_back(what);
		}
	};


	void readRoutes(unsigned port, const std::vector<Route>& routes, std::size_t first, std::chrono::steady_clock::time_point until, Tally& tally)
		/// One keep-alive client: the routes in turn, on one connection while the server keeps it.
	{
		Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
		session.setKeepAlive(true);
		session.setTimeout(Poco::Timespan(10, 0));
		for (std::size_t i = first; std::chrono::steady_clock::now() < until; ++i)
		{
			const Route& route = routes[i % routes.size()];
			try
			{
				Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, route.path, Poco::Net::HTTPMessage::HTTP_1_1);
				request.setKeepAlive(true);
				request.set("Authorization", route.authorization);
				session.sendRequest(request);
				Poco::Net::HTTPResponse response;
				std::string body;
				Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
				if (response.getStatus() == 200) ++tally.ok;
				else tally.fail(route.path + " answered " + std::to_string(response.getStatus()) + ": " + body);
			}
			catch (const Poco::Exception& e)
			{
				tally.fail(route.path + ": " + e.displayText());
				session.reset();
			}
		}
	}
}


void ConcurrentReadsTest::testListRoutesUnderLoad()
{
	TestDatabase db("loadlists");
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	env["DEPLOYMENT_API_KEY"] = API_KEY;
	env["ROLE"] = "web";
	auto server = startServer(env);
	const std::string organization = db.scalar("SELECT id FROM organizations");
	const std::string admin = HttpProbe::basicAuthorization(organization, API_KEY);
	const auto call = [&](const std::string& path, const std::string& body) {
		HttpReply reply = HttpProbe::request(port, "POST", path, body, {{"Authorization", admin}, {"Content-Type", "application/json"}});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + reply.body, 200, reply.status);
		return json::Value::parse(reply.body)["data"];
	};

	// Stored secrets, so that every list of connections decrypts a page of them.
	for (int i = 0; i < STORED_CONNECTIONS; ++i)
		call("/api/connections", R"({"name": "Numbers )" + std::to_string(i) +
			R"(", "type": "test_good", "validate": false, "configuration": {"rows": 5, "token": "tok-secret-)" + std::to_string(i) + R"("}})");
	call("/api/webhooks", R"({"endpoint": "http://127.0.0.1:9/hook", "secret": "webhook-secret"})");
	const std::string viewerId = call("/api/organization/users", R"({"email": "viewer@example.com", "role": "viewer"})").getString("id");
	const std::string viewer = "Bearer " + call("/api/organizations/" + organization + "/users/" + viewerId + "/keys", R"({"force": true})").getString("value");

	std::vector<Route> routes;
	for (const std::string path: {"/api/connections", "/api/connection_types", "/api/models", "/api/syncs", "/api/bulk/syncs",
			"/api/events", "/api/syncs/schedules"})
		routes.push_back({path, viewer});
	for (const std::string path: {"/api/organization/users", "/api/webhooks", "/api/audit", "/api/connections"})
		routes.push_back({path, admin});
	for (const Route& route: routes)
		CPPUNIT_ASSERT_EQUAL_MESSAGE(route.path, 200, HttpProbe::request(port, "GET", route.path, "", {{"Authorization", route.authorization}}).status);

	Tally tally;
	const auto until = std::chrono::steady_clock::now() + LOAD_DURATION;
	std::vector<std::thread> clients;
	// Half the clients list connections only, as the viewers that crashed the
	// server did (each list decrypts every stored secret); the others take
	// every route in turn.
	const std::vector<Route> connections{routes[0]};
	for (int c = 0; c < CLIENTS; ++c)
		clients.emplace_back(readRoutes, port, std::cref(c % 2 ? routes : connections), static_cast<std::size_t>(c), until, std::ref(tally));
	for (auto& client: clients) client.join();

	const std::string output = server->output();
	CPPUNIT_ASSERT_MESSAGE("the server died; the end of its output:\n" + output.substr(output.size() > 3000 ? output.size() - 3000 : 0), server->running());
	std::string failures;
	for (const auto& failure: tally.failures) failures += failure + "\n";
	CPPUNIT_ASSERT_MESSAGE(failures, tally.failures.empty());
	// Far fewer would mean the clients mostly waited; 4 s of a healthy server gives thousands.
	CPPUNIT_ASSERT_MESSAGE(std::to_string(tally.ok.load()) + " answers", tally.ok.load() > 1000);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(port, "/status.txt").status);
}


CppUnit::Test* ConcurrentReadsTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ConcurrentReadsTest");
	POLYTOMIC_ADD_TEST(suite, ConcurrentReadsTest, testListRoutesUnderLoad);
	return suite;
}
