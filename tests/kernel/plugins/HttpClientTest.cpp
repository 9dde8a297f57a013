//
// HttpClientTest.cpp
//


#include "HttpClientTest.h"
#include "plugins/HttpClient.h"
#include "plugins/HostServices.h"
#include "plugins/TokenPipe.h"
#include "fakes/FakeHttpService.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <cstddef>
#include <sstream>
#include <thread>


using namespace polytomic::plugins;
using polytomic::test::FakeHttpService;
using std::chrono::milliseconds;


namespace
{
	struct ScriptedService
		/// A FakeHttpService answering with the replies given, in order, then 200.
	{
		explicit ScriptedService(std::vector<FakeHttpService::Reply> replies):
			service([this](const FakeHttpService::Request&) {
				if (next >= script.size()) return FakeHttpService::Reply{200, "{\"status\":200}"};
				return script[next++];
			}),
			script(std::move(replies))
		{
		}

		std::size_t received() const { return service.requests().size(); }

		FakeHttpService service;
		std::vector<FakeHttpService::Reply> script;
		std::size_t next = 0;
	};


	FakeHttpService::Reply reply(int status, std::map<std::string, std::string> headers = {})
	{
		FakeHttpService::Reply r{status, "{}"};
		r.headers = std::move(headers);
		return r;
	}


	FakeHttpService::Reply hangUp()
	{
		FakeHttpService::Reply r;
		r.hangUp = true;
		return r;
	}


	FakeHttpService::Reply slow(milliseconds delay)
	{
		FakeHttpService::Reply r{200, "{}"};
		r.delay = delay;
		return r;
	}


	HttpClient::Request post(const std::string& url)
	{
		HttpClient::Request request;
		request.method = "POST";
		request.url = url;
		request.body = R"({"email": "ann@example.com"})";
		request.maxAttempts = 3;
		request.timeout = milliseconds(400);
		return request;
	}


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
	ScriptedService api({reply(429, {{"Retry-After", "2"}}), reply(503)});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
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
	ScriptedService api({reply(503), reply(503), reply(503), reply(503)});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
	request.maxAttempts = 3;
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(503, response.status);
	CPPUNIT_ASSERT_EQUAL(3u, response.attempts);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), api.received());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.delays.size());
	CPPUNIT_ASSERT_EQUAL(500LL, c.delays[0]);
	CPPUNIT_ASSERT_EQUAL(1000LL, c.delays[1]);
}


void HttpClientTest::testClientErrorsAreNotRetried()
{
	ScriptedService api({reply(404)});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
	CPPUNIT_ASSERT_EQUAL(404, c.client.send(request).status);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), api.received());
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
	ScriptedService api({slow(milliseconds(1500)), slow(milliseconds(1500))});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
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
	ScriptedService api({});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
	request.rateBudget = "test-budget-" + std::to_string(polytomic::test::TestEnvironment::freePort());
	request.requestsPerSecond = 4;
	for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT_EQUAL(200, c.client.send(request).status);
	// The first request goes at once; each later one waits for its slot, 250 ms apart.
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), c.delays.size());
	for (std::size_t i = 0; i < c.delays.size(); ++i) CPPUNIT_ASSERT(c.delays[i] > 150 * static_cast<long long>(i));
}


void HttpClientTest::testRateBudgetDailyQuota()
{
	// Once the day's quota is used up, nothing more of the budget is sent: a 429 that says so, after no attempt.
	ScriptedService api({});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
	request.rateBudget = "test-daily-" + std::to_string(polytomic::test::TestEnvironment::freePort());
	request.requestsPerSecond = 1000;
	request.requestsPerDay = 3;
	for (int i = 0; i < 3; ++i) CPPUNIT_ASSERT_EQUAL(200, c.client.send(request).status);
	const HttpClient::Response refused = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL(429, refused.status);
	CPPUNIT_ASSERT_EQUAL(0u, refused.attempts);
	CPPUNIT_ASSERT_MESSAGE(refused.error, refused.error.find("daily quota of 3 requests") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), api.received());
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


void HttpClientTest::testRetryAfterInAnyLetterCase()
{
	// Header names are case-insensitive; HTTP/2 gateways send them in lower case.
	for (const std::string name: {"retry-after", "RETRY-AFTER", "Retry-After"})
	{
		ScriptedService api({reply(503, {{name, "3"}}), reply(429, {{name, "4"}})});
		RecordingClient c;
		HttpClient::Request request;
		request.url = api.service.url("/v1/things");
		HttpClient::Response response = c.client.send(request);
		CPPUNIT_ASSERT_EQUAL(200, response.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::size_t(2), c.delays.size());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(name, 3000LL, c.delays[0]);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(name, 4000LL, c.delays[1]);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headers.count("content-type"));
	}
}


void HttpClientTest::testRetryAfterAsHttpDate()
{
	const Poco::Timestamp inTwentySeconds = Poco::Timestamp() + Poco::Timespan(20, 0);
	const std::string date = Poco::DateTimeFormatter::format(inTwentySeconds, Poco::DateTimeFormat::HTTP_FORMAT);
	ScriptedService api({reply(503, {{"retry-after", date}})});
	RecordingClient c;
	HttpClient::Request request;
	request.url = api.service.url("/v1/things");
	CPPUNIT_ASSERT_EQUAL(200, c.client.send(request).status);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), c.delays.size());
	CPPUNIT_ASSERT_MESSAGE(date + ": " + std::to_string(c.delays[0]), c.delays[0] > 17000 && c.delays[0] <= 20000);
}


void HttpClientTest::testPostNotRepeatedAfterAmbiguousFailures()
{
	// Each of these may come after the API acted on the request: a second POST could write twice.
	const std::vector<std::pair<std::string, FakeHttpService::Reply>> cases = {
		{"502", reply(502)}, {"504", reply(504)}, {"503 without Retry-After", reply(503)},
		{"timeout", slow(milliseconds(1500))}, {"connection closed after sending", hangUp()}};
	for (const auto& [what, first]: cases)
	{
		ScriptedService api({first});
		RecordingClient c;
		for (const std::string method: {"POST", "PATCH", "post"})
		{
			api.next = 0;
			HttpClient::Request request = post(api.service.url("/v1/contacts"));
			request.method = method;
			const std::size_t before = api.received();
			HttpClient::Response response = c.client.send(request);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(what + " " + method, 1u, response.attempts);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(what + " " + method, before + 1, api.received());
			CPPUNIT_ASSERT_MESSAGE(what, response.status != 200);
		}
		CPPUNIT_ASSERT(c.delays.empty());
	}
}


void HttpClientTest::testPostRetriedWhenTheServerDidNotActOnIt()
{
	ScriptedService api({reply(429), reply(503, {{"Retry-After", "1"}})});
	RecordingClient c;
	HttpClient::Response response = c.client.send(post(api.service.url("/v1/contacts")));
	CPPUNIT_ASSERT_EQUAL(200, response.status);
	CPPUNIT_ASSERT_EQUAL(3u, response.attempts);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), api.received());

	// Refused: nothing was sent, so trying again cannot write twice.
	HttpClient::Request refused = post("http://127.0.0.1:" + std::to_string(polytomic::test::TestEnvironment::freePort()) + "/v1/contacts");
	HttpClient::Response none = c.client.send(refused);
	CPPUNIT_ASSERT_EQUAL(0, none.status);
	CPPUNIT_ASSERT_MESSAGE(none.error, none.error.find("refused") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(3u, none.attempts);
}


void HttpClientTest::testIdempotentPostAndPutRetried()
{
	ScriptedService api({reply(502), hangUp(), reply(504), slow(milliseconds(1500))});
	RecordingClient c;
	HttpClient::Request request = post(api.service.url("/v1/contacts"));
	request.idempotent = true;
	request.maxAttempts = 5;
	HttpClient::Response response = c.client.send(request);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(response.error, 200, response.status);
	CPPUNIT_ASSERT_EQUAL(5u, response.attempts);

	ScriptedService put({reply(502)});
	HttpClient::Request replace = post(put.service.url("/v1/contacts/7"));
	replace.method = "PUT";
	CPPUNIT_ASSERT_EQUAL(200, c.client.send(replace).status);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), put.received());
}


void HttpClientTest::testIdempotentFlagThroughTheHostApi()
{
	// What a plugin built with SDK 1.2 does: the flag crosses the C ABI.
	for (const bool idempotent: {false, true})
	{
		ScriptedService api({reply(502)});
		HostServices host("test_http");
		host.http().setSleeper([](milliseconds) {});
		const std::string url = api.service.url("/v1/contacts");
		polytomic_http_request raw{};
		raw.size = sizeof(raw);
		raw.method = "POST";
		raw.url = url.c_str();
		raw.body = "{}";
		raw.body_length = 2;
		raw.idempotent = idempotent ? 1 : 0;
		polytomic_http_response response{};
		response.size = sizeof(response);
		host.table()->http(host.table()->context, &raw, &response);
		CPPUNIT_ASSERT_EQUAL(idempotent ? 200 : 502, static_cast<int>(response.status));
		CPPUNIT_ASSERT_EQUAL(idempotent ? 2u : 1u, response.attempts);
		CPPUNIT_ASSERT_EQUAL(idempotent ? std::size_t(2) : std::size_t(1), api.received());
		host.table()->http_release(host.table()->context, &response);
	}
}


void HttpClientTest::testAbi11RequestWithoutIdempotentFlag()
{
	// A plugin built for ABI 1.1 passes a request that ends after requests_per_second;
	// what follows it in memory must not be read, and its POSTs are never repeated.
	polytomic_http_request raw{};
	raw.size = offsetof(polytomic_http_request, requests_per_second) + sizeof(raw.requests_per_second);
	raw.method = "POST";
	raw.url = "http://example.invalid/";
	raw.rate_budget = "budget";
	raw.idempotent = 1;
	HttpClient::Request request = HttpClient::Request::fromAbi(&raw);
	CPPUNIT_ASSERT_EQUAL(std::string("budget"), request.rateBudget);
	CPPUNIT_ASSERT(!request.idempotent);
	raw.size = sizeof(polytomic_http_request);
	CPPUNIT_ASSERT(HttpClient::Request::fromAbi(&raw).idempotent);
}


void HttpClientTest::testAbi12RequestWithoutAuthorizeFlag()
{
	// A plugin built for ABI 1.2 ends its request after idempotent: it signs its requests itself.
	polytomic_http_request raw{};
	raw.size = offsetof(polytomic_http_request, idempotent) + sizeof(raw.idempotent);
	raw.method = "GET";
	raw.url = "http://example.invalid/";
	raw.authorize = 1;
	CPPUNIT_ASSERT(!HttpClient::Request::fromAbi(&raw).authorize);
	raw.size = sizeof(polytomic_http_request);
	CPPUNIT_ASSERT(HttpClient::Request::fromAbi(&raw).authorize);
}


void HttpClientTest::testAuthorizedRequestRefreshedAfter401()
{
	// The API refuses the first token; the worker gives a new one; the request goes again with it, once.
	FakeHttpService api([](const FakeHttpService::Request& r) {
		const auto it = r.headers.find("Authorization");
		const bool fresh = it != r.headers.end() && it->second == "Bearer new-token";
		return FakeHttpService::Reply{fresh ? 200 : 401, fresh ? "{}" : "{\"category\":\"EXPIRED_AUTHENTICATION\"}"};
	});
	std::istringstream answers("token 60 old-token\ntoken 60 new-token\n");
	std::ostringstream messages;
	TokenPipe tokens(answers, messages, "destination");
	HostServices host("test_http");
	host.useTokens(&tokens);
	const std::string url = api.url("/crm/v3/objects/contacts");
	polytomic_http_request raw{};
	raw.size = sizeof(raw);
	raw.method = "GET";
	raw.url = url.c_str();
	const polytomic_http_header stale{"authorization", "Bearer the-plugin-s-own"};
	raw.headers = &stale;
	raw.header_count = 1;
	raw.authorize = 1;
	polytomic_http_response response{};
	response.size = sizeof(response);
	host.table()->http(host.table()->context, &raw, &response);
	CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(response.status));
	CPPUNIT_ASSERT_EQUAL(2u, response.attempts);
	host.table()->http_release(host.table()->context, &response);
	const auto sent = api.requests();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), sent.size());
	CPPUNIT_ASSERT_EQUAL(std::string("Bearer old-token"), sent[0].headers.at("Authorization"));
	CPPUNIT_ASSERT_EQUAL(std::string("#token destination\t\n#token destination\told-token\n"), messages.str());
	// The new token is kept for its valid seconds: the next request asks nothing.
	polytomic_http_response again{};
	again.size = sizeof(again);
	host.table()->http(host.table()->context, &raw, &again);
	CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(again.status));
	host.table()->http_release(host.table()->context, &again);
	CPPUNIT_ASSERT_EQUAL(std::string("#token destination\t\n#token destination\told-token\n"), messages.str());
}


void HttpClientTest::testAuthorizedRequestWhenTheSignInIsRefused()
{
	// No token to give: the plugin gets a 401 whose error says what to do, and the API is not called.
	FakeHttpService api([](const FakeHttpService::Request&) { return FakeHttpService::Reply{200, "{}"}; });
	std::istringstream answers("error connection 'CRM' (hubspot) must be signed in again: revoked\n");
	std::ostringstream messages;
	TokenPipe tokens(answers, messages, "");
	HostServices host("test_http");
	host.useTokens(&tokens);
	const std::string url = api.url("/");
	polytomic_http_request raw{};
	raw.size = sizeof(raw);
	raw.method = "GET";
	raw.url = url.c_str();
	raw.authorize = 1;
	polytomic_http_response response{};
	response.size = sizeof(response);
	host.table()->http(host.table()->context, &raw, &response);
	CPPUNIT_ASSERT_EQUAL(401, static_cast<int>(response.status));
	CPPUNIT_ASSERT_EQUAL(std::string("connection 'CRM' (hubspot) must be signed in again: revoked"), std::string(response.error));
	host.table()->http_release(host.table()->context, &response);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), api.requests().size());
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
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRateBudgetDailyQuota);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRetryAfterForms);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAbi10RequestWithoutRateFields);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRetryAfterInAnyLetterCase);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testRetryAfterAsHttpDate);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testPostNotRepeatedAfterAmbiguousFailures);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testPostRetriedWhenTheServerDidNotActOnIt);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testIdempotentPostAndPutRetried);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testIdempotentFlagThroughTheHostApi);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAbi11RequestWithoutIdempotentFlag);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAbi12RequestWithoutAuthorizeFlag);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAuthorizedRequestRefreshedAfter401);
	POLYTOMIC_ADD_TEST(suite, HttpClientTest, testAuthorizedRequestWhenTheSignInIsRefused);
	return suite;
}
