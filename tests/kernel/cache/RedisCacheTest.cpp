//
// RedisCacheTest.cpp
//


#include "RedisCacheTest.h"
#include "cache/RedisCache.h"
#include "cache/RedisConnection.h"
#include "support/CapturedLog.h"
#include "support/ChildProcess.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "Poco/UUIDGenerator.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <thread>


using namespace polytomic::cache;
using polytomic::config::RedisUrl;
using polytomic::test::CapturedLog;
using polytomic::test::ChildProcess;
using polytomic::test::TestEnvironment;
using std::chrono::seconds;


namespace
{
	std::string uniqueKey()
	{
		return "test:" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
	}


	Poco::Logger& freshLogger()
	{
		return Poco::Logger::get("test.cache." + Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
	}

}


void RedisCacheTest::testSetGetRemove()
{
	RedisCache cache(RedisUrl::parse(TestEnvironment::require("POLYTOMIC_TEST_REDIS_URL")), freshLogger());
	const std::string key = uniqueKey();
	CPPUNIT_ASSERT(cache.healthy());
	CPPUNIT_ASSERT(!cache.get(key));
	const std::string binary("a\0b\r\n$3\r\n", 9);
	cache.set(key, binary, seconds(60));
	CPPUNIT_ASSERT_EQUAL(binary, *cache.get(key));
	cache.remove(key);
	CPPUNIT_ASSERT(!cache.get(key));
	CPPUNIT_ASSERT_EQUAL(std::string("redis"), cache.backend());
}


void RedisCacheTest::testExpiryIsSetInRedis()
{
	const RedisUrl url = RedisUrl::parse(TestEnvironment::require("POLYTOMIC_TEST_REDIS_URL"));
	RedisCache cache(url, freshLogger());
	const std::string key = uniqueKey();
	cache.set(key, "v", seconds(120));
	RedisConnection direct(url, Poco::Timespan(2, 0));
	Poco::Redis::Array ttl;
	ttl << "TTL" << "polytomic:" + key;
	const int remaining = std::stoi(direct.executeString(ttl));
	CPPUNIT_ASSERT(remaining > 100 && remaining <= 120);
}


void RedisCacheTest::testTls()
{
	const RedisUrl url = RedisUrl::parse(TestEnvironment::require("POLYTOMIC_TEST_REDISS_URL"));
	CPPUNIT_ASSERT(url.tls());
	RedisCache cache(url, freshLogger());
	CPPUNIT_ASSERT(cache.healthy());
	const std::string key = uniqueKey();
	cache.set(key, "over TLS", seconds(60));
	CPPUNIT_ASSERT_EQUAL(std::string("over TLS"), *cache.get(key));
	CPPUNIT_ASSERT_EQUAL(std::string("redis (TLS)"), cache.backend());

	// The TLS port speaks only TLS: the same server without TLS gives no answer.
	std::string plainUrl = TestEnvironment::require("POLYTOMIC_TEST_REDISS_URL");
	plainUrl = "redis" + plainUrl.substr(6, plainUrl.find('?') - 6);
	RedisCache plain(RedisUrl::parse(plainUrl), freshLogger());
	CPPUNIT_ASSERT(!plain.healthy());
}


void RedisCacheTest::testTlsRejectsUnknownCertificate()
{
	// The test CA is not among the system's CAs, so without ca_cert the handshake must fail.
	std::string url = TestEnvironment::require("POLYTOMIC_TEST_REDISS_URL");
	url = url.substr(0, url.find('?'));
	Poco::Logger& logger = freshLogger();
	auto log = CapturedLog::attach(logger);
	RedisCache cache(RedisUrl::parse(url), logger);
	CPPUNIT_ASSERT(!cache.healthy());
	CPPUNIT_ASSERT_EQUAL(1, log->count("cannot connect to Redis"));
	RedisCache insecure(RedisUrl::parse(url + "?skip_verify=true"), freshLogger());
	CPPUNIT_ASSERT(insecure.healthy());
}


void RedisCacheTest::testWrongPasswordDegrades()
{
	std::string url = TestEnvironment::require("POLYTOMIC_TEST_REDISS_URL");
	url.replace(url.find(":tls%20s3cret@"), std::string(":tls%20s3cret@").size(), ":wrong@");
	Poco::Logger& logger = freshLogger();
	auto log = CapturedLog::attach(logger);
	RedisCache cache(RedisUrl::parse(url), logger);
	CPPUNIT_ASSERT(!cache.get("k"));
	cache.set("k", "v", seconds(10));
	CPPUNIT_ASSERT(!cache.healthy());
	CPPUNIT_ASSERT_EQUAL(1, log->count("Redis refused the connection set-up"));
	for (const auto& line: log->lines()) CPPUNIT_ASSERT(line.find("wrong") == std::string::npos || line.find("WRONGPASS") != std::string::npos);
}


void RedisCacheTest::testRedisKilledAndBack()
{
	const unsigned port = TestEnvironment::freePort();
	auto redis = ChildProcess::startRedis(port);
	Poco::Logger& logger = freshLogger();
	auto log = CapturedLog::attach(logger);
	RedisCache cache(RedisUrl::parse("redis://127.0.0.1:" + std::to_string(port)), logger);
	cache.set("k", "before", seconds(60));
	CPPUNIT_ASSERT_EQUAL(std::string("before"), *cache.get("k"));

	redis->signal(SIGKILL);
	redis->wait(std::chrono::milliseconds(5000));
	for (int i = 0; i < 50; ++i)
	{
		CPPUNIT_ASSERT(!cache.get("k"));
		cache.set("k", "during", seconds(60));
		std::this_thread::sleep_for(std::chrono::milliseconds(40));
	}
	CPPUNIT_ASSERT(!cache.healthy());
	CPPUNIT_ASSERT_EQUAL(1, log->count("serving without the cache"));

	redis = ChildProcess::startRedis(port);
	std::this_thread::sleep_for(RedisCache::RECONNECT_INTERVAL + std::chrono::milliseconds(100));
	CPPUNIT_ASSERT(cache.healthy());
	cache.set("k", "after", seconds(60));
	CPPUNIT_ASSERT_EQUAL(std::string("after"), *cache.get("k"));
	CPPUNIT_ASSERT_EQUAL(1, log->count("reachable again"));
	CPPUNIT_ASSERT_EQUAL(1, log->count("serving without the cache"));
}


void RedisCacheTest::testUnreachableHostDoesNotThrow()
{
	RedisCache cache(RedisUrl::parse("redis://127.0.0.1:" + std::to_string(TestEnvironment::freePort())), freshLogger());
	CPPUNIT_ASSERT(!cache.get("k"));
	cache.set("k", "v", seconds(1));
	cache.remove("k");
	CPPUNIT_ASSERT(!cache.healthy());
}


CppUnit::Test* RedisCacheTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RedisCacheTest");
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testSetGetRemove);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testExpiryIsSetInRedis);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testTls);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testTlsRejectsUnknownCertificate);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testWrongPasswordDegrades);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testRedisKilledAndBack);
	POLYTOMIC_ADD_TEST(suite, RedisCacheTest, testUnreachableHostDoesNotThrow);
	return suite;
}
