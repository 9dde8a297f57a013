//
// LicensePingTest.cpp
//


#include "LicensePingTest.h"
#include "fakes/FakeLicenseService.h"
#include "license/LicensePing.h"
#include "support/TestDriver.h"
#include "support/CapturedLog.h"
#include "support/TestEnvironment.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Timespan.h"
#include <cppunit/TestAssert.h>
#include <set>
#include <thread>


using namespace polytomic;
using namespace polytomic::license;
using std::chrono::milliseconds;


namespace
{
	License sample()
	{
		License l;
		l.deploymentId = "acme-prod";
		l.customer = "Acme Corp";
		l.issuedAt = Poco::Timestamp() - Poco::Timespan(10, 0, 0, 0, 0);
		l.expiresAt = Poco::Timestamp() + Poco::Timespan(100, 0, 0, 0, 0);
		l.id = "4f1c2a7e-0000-4000-8000-000000000001";
		return l;
	}


	store::DeploymentUsage usage()
	{
		store::DeploymentUsage u;
		u.syncs = 3;
		u.activeSyncs = 2;
		u.bulkSyncs = 1;
		u.activeBulkSyncs = 1;
		u.executions = 40;
		u.recordsSynced = 12345;
		u.connectors = {"postgresql", "salesforce"};
		return u;
	}


	LicensePing::Params params(const std::string& url)
	{
		LicensePing::Params p;
		p.url = url;
		p.interval = milliseconds(2000);
		p.firstRetry = milliseconds(100);
		p.timeout = milliseconds(2000);
		p.version = "9.8.7";
		return p;
	}


	std::set<std::string> keys(const Poco::JSON::Object::Ptr& object)
	{
		std::set<std::string> out;
		for (const auto& [name, value]: *object) out.insert(name);
		return out;
	}
}


void LicensePingTest::testPayloadHoldsCountsAndIdsOnly()
{
	LicenseGate gate(sample());
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr body = parser.parse(LicensePing::payload(gate, usage(), "9.8.7")).extract<Poco::JSON::Object::Ptr>();
	CPPUNIT_ASSERT((std::set<std::string>{"deployment", "license_id", "version", "sent_at", "usage"}) == keys(body));
	CPPUNIT_ASSERT_EQUAL(std::string("acme-prod"), body->getValue<std::string>("deployment"));
	CPPUNIT_ASSERT_EQUAL(std::string("4f1c2a7e-0000-4000-8000-000000000001"), body->getValue<std::string>("license_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("9.8.7"), body->getValue<std::string>("version"));
	Poco::JSON::Object::Ptr counts = body->getObject("usage");
	CPPUNIT_ASSERT((std::set<std::string>{"syncs", "active_syncs", "bulk_syncs", "active_bulk_syncs", "executions", "records_synced",
		"connectors"}) == keys(counts));
	CPPUNIT_ASSERT_EQUAL(12345, counts->getValue<int>("records_synced"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), counts->getArray("connectors")->size());
	// The customer's name is in the key, never in the ping.
	CPPUNIT_ASSERT(LicensePing::payload(gate, usage(), "9.8.7").find("Acme Corp") == std::string::npos);
}


void LicensePingTest::testRetryDelays()
{
	const LicensePing::Params p = params("http://127.0.0.1/");
	CPPUNIT_ASSERT_EQUAL(100LL, static_cast<long long>(LicensePing::retryDelay(1, p).count()));
	CPPUNIT_ASSERT_EQUAL(200LL, static_cast<long long>(LicensePing::retryDelay(2, p).count()));
	CPPUNIT_ASSERT_EQUAL(1600LL, static_cast<long long>(LicensePing::retryDelay(5, p).count()));
	CPPUNIT_ASSERT_EQUAL(2000LL, static_cast<long long>(LicensePing::retryDelay(6, p).count()));
	CPPUNIT_ASSERT_EQUAL(2000LL, static_cast<long long>(LicensePing::retryDelay(60, p).count()));
}


void LicensePingTest::testBackoffUntilTheServiceAnswers()
{
	test::FakeLicenseService service;
	service.failNext(3);
	LicenseGate gate(sample());
	LicensePing ping(gate, usage, params(service.url()));
	ping.start();
	CPPUNIT_ASSERT(service.waitForRequests(4, milliseconds(5000)));
	ping.stop();
	const auto requests = service.requests();
	// 503, 503, 503, then 200: waits of 100, 200 and 400 ms between them, then the interval (2 s).
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), requests.size());
	const long long expected[] = {100, 200, 400};
	for (std::size_t i = 1; i < requests.size(); ++i)
	{
		const auto gap = std::chrono::duration_cast<milliseconds>(requests[i].at - requests[i - 1].at).count();
		CPPUNIT_ASSERT_MESSAGE("gap " + std::to_string(i) + ": " + std::to_string(gap) + " ms", gap >= expected[i - 1] - 10 &&
			gap < expected[i - 1] + 1000);
	}
	CPPUNIT_ASSERT_EQUAL(0, ping.failures());
	CPPUNIT_ASSERT(gate.allowsNewExecutions());
	CPPUNIT_ASSERT_EQUAL(std::string("POST"), requests[0].method);
	CPPUNIT_ASSERT_EQUAL(std::string("/"), requests[0].path);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic/9.8.7"), requests[0].headers.at("User-Agent"));
}


void LicensePingTest::testRevokedAnswer()
{
	test::FakeLicenseService service;
	const Poco::Timestamp revokedAt = Poco::Timestamp() - Poco::Timespan(20, 0, 0, 0, 0);
	service.revoke(Poco::DateTimeFormatter::format(revokedAt, Poco::DateTimeFormat::ISO8601_FORMAT));
	LicenseGate gate(sample());
	LicensePing::Params p = params(service.url());
	std::vector<Poco::Timestamp> kept;
	p.onRevoked = [&kept](Poco::Timestamp at) { kept.push_back(at); };
	LicensePing ping(gate, usage, p);
	CPPUNIT_ASSERT(ping.pingOnce());
	CPPUNIT_ASSERT(gate.revokedAt());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), kept.size());
	CPPUNIT_ASSERT(kept[0] == *gate.revokedAt());
	CPPUNIT_ASSERT(std::llabs(gate.revokedAt()->epochTime() - revokedAt.epochTime()) <= 1);
	// Revoked 20 days ago: past the 14-day grace period.
	CPPUNIT_ASSERT(!gate.allowsNewExecutions());
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), gate.describe()->getValue<std::string>("status"));
}


void LicensePingTest::testUnreachableServiceChangesNothing()
{
	LicenseGate gate(sample());
	LicensePing ping(gate, usage, params("http://127.0.0.1:" + std::to_string(test::TestEnvironment::freePort()) + "/"));
	CPPUNIT_ASSERT(!ping.pingOnce());
	CPPUNIT_ASSERT(!ping.pingOnce());
	CPPUNIT_ASSERT_EQUAL(2, ping.failures());
	CPPUNIT_ASSERT(gate.allowsNewExecutions());
	CPPUNIT_ASSERT(!gate.revokedAt());
}


void LicensePingTest::testUnknownAnswerIsAFailure()
{
	test::FakeHttpService service([](const test::FakeHttpService::Request&) {
		return test::FakeHttpService::Reply{200, "{\"status\": \"maybe\"}"};
	});
	LicenseGate gate(sample());
	LicensePing ping(gate, usage, params(service.url("/ping?v=1")));
	CPPUNIT_ASSERT(!ping.pingOnce());
	CPPUNIT_ASSERT_EQUAL(std::string("/ping?v=1"), service.requests().at(0).path);
	CPPUNIT_ASSERT(gate.allowsNewExecutions());
}


void LicensePingTest::testStatusChangeIsLogged()
{
	test::FakeLicenseService service;
	License soon = sample();
	soon.expiresAt = Poco::Timestamp() + Poco::Timespan(1, 500000);
	LicenseGate gate(soon);
	auto log = test::CapturedLog::attach(Poco::Logger::get("polytomic.license"));
	LicensePing::Params p = params(service.url());
	p.interval = milliseconds(300);
	LicensePing ping(gate, usage, p);
	ping.start();
	std::this_thread::sleep_for(milliseconds(1000));
	CPPUNIT_ASSERT_EQUAL(0, log->count("licence:"));
	std::this_thread::sleep_for(milliseconds(1500));
	ping.stop();
	// Once, when the key expired while the server ran; not again at every ping.
	CPPUNIT_ASSERT_EQUAL(1, log->count("licence: the deployment key (DEPLOYMENT_KEY) expired on"));
	CPPUNIT_ASSERT_EQUAL(1, log->count("of grace"));
}


CppUnit::Test* LicensePingTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicensePingTest");
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testPayloadHoldsCountsAndIdsOnly);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testRetryDelays);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testBackoffUntilTheServiceAnswers);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testRevokedAnswer);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testUnreachableServiceChangesNothing);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testUnknownAnswerIsAFailure);
	POLYTOMIC_ADD_TEST(suite, LicensePingTest, testStatusChangeIsLogged);
	return suite;
}
