//
// HttpClientTest.cpp
//


#include "HttpClientTest.h"
#include "plugins/HttpClient.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include <cppunit/TestAssert.h>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>


using namespace polytomic::plugins;
using std::chrono::milliseconds;


namespace
{
	struct Script
		/// The answers a fake API gives, in order (status, Retry-After or ""), then 200.
	{
		std::mutex mutex;
		std::deque<std::pair<int, std::string>> answers;
		int requests = 0;
	};


	class ScriptedHandler: public Poco::Net::HTTPRequestHandler
	{
	public:
		explicit ScriptedHandler(Script& script): _script(script) {}

		void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override
		{
			std::pair<int, std::string> answer{200, ""};
			{
				std::lock_guard<std::mutex> lock(_script.mutex);
				++_script.requests;
				if (!_script.answers.empty())
				{
					answer = _script.answers.front();
					_script.answers.pop_front();
				}
			}
			if (answer.first < 0)
			{
				// A slow API: answer only after the client's timeout.
				std::this_thread::sleep_for(milliseconds(-answer.first));
				answer.first = 200;
			}
			response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.first));
			if (!answer.second.empty()) response.set("Retry-After", answer.second);
			const std::string body = "{\"status\":" + std::to_string(answer.first) + "}";
			response.sendBuffer(body.data(), body.size());
		}

	private:
		Script& _script;
	};


	class Factory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		explicit Factory(Script& script): _script(script) {}
		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new ScriptedHandler(_script);
		}

	private:
		Script& _script;
	};


	struct FakeApi
	{
		FakeApi():
			socket(Poco::Net::SocketAddress("127.0.0.1", 0)),
			server(new Factory(script), socket, new Poco::Net::HTTPServerParams)
		{
			server.start();
		}

		~FakeApi() { server.stopAll(true); }

		std::string url() const { return "http://127.0.0.1:" + std::to_string(socket.address().port()) + "/v1/things"; }

		Script script;
		Poco::Net::ServerSocket socket;
		Poco::Net::HTTPServer server;
	};


	struct RecordingClient
	{
		RecordingClient()
		{
			client.setSleeper([this](milliseconds d) { delays.push_back(d.count()); });
		}

		HttpClient client;
		std::vector<long long> delays;
	};
}


void HttpClientTest::testRetriesHonourRetryAfter()
{
	FakeApi api;
	api.script.answers = {{429, "2"}, {503, ""}};
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.url();
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(200, response.status);
	CPPUNIT_ASSERT_EQUAL(3u, response.attempts);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":200}"), response.body);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.delays.size());
	CPPUNIT_ASSERT_EQUAL(2000LL, c.delays[0]); // Retry-After: 2
	CPPUNIT_ASSERT_EQUAL(1000LL, c.delays[1]); // backoff before the third attempt
}


void HttpClientTest::testGivesUpAfterMaxAttempts()
{
	FakeApi api;
	api.script.answers = {{503, ""}, {503, ""}, {503, ""}, {503, ""}};
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.url();
	request.maxAttempts = 3;
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(503, response.status);
	CPPUNIT_ASSERT_EQUAL(3u, response.attempts);
	CPPUNIT_ASSERT_EQUAL(3, api.script.requests);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.delays.size());
	CPPUNIT_ASSERT_EQUAL(500LL, c.delays[0]);
	CPPUNIT_ASSERT_EQUAL(1000LL, c.delays[1]);
}


void HttpClientTest::testClientErrorsAreNotRetried()
{
	FakeApi api;
	api.script.answers = {{404, ""}};
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.url();
	CPPUNIT_ASSERT_EQUAL(404, c.client.send(request).status);
	CPPUNIT_ASSERT_EQUAL(1, api.script.requests);
}


void HttpClientTest::testConnectionRefused()
{
	RecordingClient c;
	HttpClient::Request request;
	request.url = "http://127.0.0.1:" + std::to_string(polytomic::test::TestEnvironment::freePort()) + "/";
	request.maxAttempts = 2;
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(0, response.status);
	CPPUNIT_ASSERT(response.error.find("refused") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(2u, response.attempts);
}


void HttpClientTest::testTimeoutPerAttempt()
{
	FakeApi api;
	api.script.answers = {{-1500, ""}, {-1500, ""}};
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.url();
	request.timeout = milliseconds(300);
	request.maxAttempts = 2;
	const auto start = std::chrono::steady_clock::now();
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(0, response.status);
	CPPUNIT_ASSERT_MESSAGE(response.error, response.error.find("Timeout") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(2u, response.attempts);
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(1400));
}


void HttpClientTest::testRateBudget()
{
	FakeApi api;
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.url();
	request.rateBudget = "test-budget-" + std::to_string(polytomic::test::TestEnvironment::freePort());
	request.requestsPerSecond = 4;
	for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT_EQUAL(200, c.client.send(request).status);
	// The first request goes at once; each later one waits for its slot, 250 ms apart.
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), c.delays.size());
	for (std::size_t i = 0; i < c.delays.size(); ++i) CPPUNIT_ASSERT(c.delays[i] > 150 * static_cast<long long>(i));
}


void HttpClientTest::testRetryAfterForms()
{
	CPPUNIT_ASSERT_EQUAL(7000LL, static_cast<long long>(HttpClient::retryAfter("7", milliseconds(1)).count()));
	CPPUNIT_ASSERT_EQUAL(60000LL, static_cast<long long>(HttpClient::retryAfter("3600", milliseconds(1)).count()));
	CPPUNIT_ASSERT_EQUAL(0LL, static_cast<long long>(HttpClient::retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", milliseconds(1)).count()));
	CPPUNIT_ASSERT_EQUAL(123LL, static_cast<long long>(HttpClient::retryAfter("soon", milliseconds(123)).count()));
	CPPUNIT_ASSERT_EQUAL(30000LL, static_cast<long long>(HttpClient::backoff(12).count()));
}


void HttpClientTest::testAbi10RequestWithoutRateFields()
{
	// A plugin built for ABI 1.0 passes a request that ends before rate_budget;
	// what follows it in memory must not be read.
	struct Abi10Request
	{
		polytomic_http_request request;
	} raw{};
	raw.request.size = offsetof(polytomic_http_request, rate_budget);
	raw.request.method = "GET";
	raw.request.url = "http://example.invalid/";
	raw.request.rate_budget = "garbage that must be ignored";
	raw.request.requests_per_second = 1e-9;
	HttpClient::Request request = HttpClient::Request::fromAbi(&raw.request);
	CPPUNIT_ASSERT(request.rateBudget.empty());
	CPPUNIT_ASSERT_EQUAL(0.0, request.requestsPerSecond);
	raw.request.size = sizeof(polytomic_http_request);
	CPPUNIT_ASSERT_EQUAL(std::string("garbage that must be ignored"), HttpClient::Request::fromAbi(&raw.request).rateBudget);
}


CppUnit::Test* HttpClientTest::suite()
{
	auto* suite = new CppUnit::TestSuite("HttpClientTest");
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRetriesHonourRetryAfter);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testGivesUpAfterMaxAttempts);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testClientErrorsAreNotRetried);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testConnectionRefused);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testTimeoutPerAttempt);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRateBudget);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRetryAfterForms);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAbi10RequestWithoutRateFields);
	return suite;
}
