//
// RedisUrlTest.cpp
//


#include "RedisUrlTest.h"
#include "config/ConfigurationError.h"
#include "config/RedisUrl.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::config::InvalidValue;
using polytomic::config::RedisUrl;


namespace
{
	std::string errorOf(const std::string& text)
	{
		try
		{
			RedisUrl::parse(text);
		}
		catch (const InvalidValue& e)
		{
			return e.what();
		}
		return "<no error>";
	}
}


void RedisUrlTest::testDefaults()
{
	RedisUrl url = RedisUrl::parse("redis://cache.internal");
	CPPUNIT_ASSERT(!url.tls());
	CPPUNIT_ASSERT_EQUAL(std::string("cache.internal"), url.host());
	CPPUNIT_ASSERT_EQUAL(6379u, url.port());
	CPPUNIT_ASSERT_EQUAL(0u, url.database());
	CPPUNIT_ASSERT(!url.password());
	CPPUNIT_ASSERT(!url.user());
	CPPUNIT_ASSERT_EQUAL(6379u, RedisUrl::parse("redis://cache.internal/").port());
}


void RedisUrlTest::testPasswordAndDatabase()
{
	RedisUrl url = RedisUrl::parse("redis://:s3cret@cache:6380/2");
	CPPUNIT_ASSERT_EQUAL(std::string("s3cret"), *url.password());
	CPPUNIT_ASSERT(!url.user());
	CPPUNIT_ASSERT_EQUAL(6380u, url.port());
	CPPUNIT_ASSERT_EQUAL(2u, url.database());
}


void RedisUrlTest::testUserAndEncodedPassword()
{
	RedisUrl url = RedisUrl::parse("redis://polytomic:p%40ss%3Aw%20rd@cache:6379/0");
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic"), *url.user());
	CPPUNIT_ASSERT_EQUAL(std::string("p@ss:w rd"), *url.password());
}


void RedisUrlTest::testTls()
{
	RedisUrl url = RedisUrl::parse("rediss://:token@master.abc.cache.amazonaws.com:6379");
	CPPUNIT_ASSERT(url.tls());
	CPPUNIT_ASSERT(!url.skipVerify());
	CPPUNIT_ASSERT(url.caCertFile().empty());
}


void RedisUrlTest::testTlsParameters()
{
	RedisUrl url = RedisUrl::parse("rediss://cache?ca_cert=%2Fetc%2Fhosts&skip_verify=true");
	CPPUNIT_ASSERT_EQUAL(std::string("/etc/hosts"), url.caCertFile());
	CPPUNIT_ASSERT(url.skipVerify());
	CPPUNIT_ASSERT(errorOf("rediss://cache?ca_cert=/nonexistent/ca.pem").find("does not exist") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://cache?skip_verify=true").find("rediss://") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("rediss://cache?skip_verify=yes").find("true or false") != std::string::npos);
}


void RedisUrlTest::testEmptyCaCert()
{
	// Found by tests/fuzz (RedisUrl): an empty ca_cert threw POCO's assertion, not InvalidValue.
	CPPUNIT_ASSERT(errorOf("rediss://cache?ca_cert=").find("ca_cert is empty") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("rediss://cache?ca_cert=&skip_verify=true").find("ca_cert is empty") != std::string::npos);
}


void RedisUrlTest::testIpv6()
{
	RedisUrl url = RedisUrl::parse("redis://[fd00::5]:7000/1");
	CPPUNIT_ASSERT_EQUAL(std::string("fd00::5"), url.host());
	CPPUNIT_ASSERT_EQUAL(7000u, url.port());
}


void RedisUrlTest::testErrors()
{
	CPPUNIT_ASSERT(errorOf("http://cache:6379").find("redis://") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://cache:6379/zero").find("database 'zero'") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://cache:0").find("port") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://a,b").find("several hosts") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://cache?timeout=5").find("unknown parameter 'timeout'") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("redis://:hunter2@cache:port").find("hunter2") == std::string::npos);
}


void RedisUrlTest::testMasked()
{
	CPPUNIT_ASSERT_EQUAL(std::string("rediss://:****@cache:6379/0"), RedisUrl::parse("rediss://:hunter2@cache:6379/0").masked());
	CPPUNIT_ASSERT_EQUAL(std::string("redis://cache"), RedisUrl::parse("redis://cache").masked());
}


CppUnit::Test* RedisUrlTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RedisUrlTest");
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testDefaults);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testPasswordAndDatabase);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testUserAndEncodedPassword);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testTls);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testTlsParameters);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testEmptyCaCert);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testIpv6);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testErrors);
	POLYTOMIC_ADD_TEST(suite, RedisUrlTest, testMasked);
	return suite;
}
