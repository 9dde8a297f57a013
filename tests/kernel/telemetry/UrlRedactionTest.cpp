//
// UrlRedactionTest.cpp
//


#include "UrlRedactionTest.h"
#include "telemetry/UrlRedaction.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::telemetry::UrlRedaction;


void UrlRedactionTest::testSecretParametersAreRedacted()
{
	CPPUNIT_ASSERT_EQUAL(std::string("/auth/link?token=[redacted]"), UrlRedaction::redact("/auth/link?token=abc"));
	CPPUNIT_ASSERT_EQUAL(std::string("/auth?code=[redacted]&state=[redacted]&next=/x"), UrlRedaction::redact("/auth?code=c1&state=s1&next=/x"));
	CPPUNIT_ASSERT_EQUAL(std::string("/h?api_key=[redacted];Password=[redacted]&client_secret=[redacted]&%74oken=[redacted]&access_token=[redacted]"),
		UrlRedaction::redact("/h?api_key=k;Password=p&client_secret=s&%74oken=t&access_token=a"));
	CPPUNIT_ASSERT_EQUAL(std::string("/h?X-Amz-Signature=[redacted]&sig=[redacted]&key=[redacted]"),
		UrlRedaction::redact("/h?X-Amz-Signature=abc&sig=d&key=e"));
	// The fragment never reaches a server; it can hold tokens (OAuth implicit flow).
	CPPUNIT_ASSERT_EQUAL(std::string("/cb"), UrlRedaction::redact("/cb#access_token=a"));
	// The query runner takes its SQL in the URL (as the SDK sends it): its literals may be personal data.
	CPPUNIT_ASSERT_EQUAL(std::string("/api/connections/c1/query?query=[redacted]"),
		UrlRedaction::redact("/api/connections/c1/query?query=select%20*%20from%20users%20where%20email%3D'a%40b.c'"));
}


void UrlRedactionTest::testOtherPartsAreKept()
{
	CPPUNIT_ASSERT_EQUAL(std::string("/api/syncs?limit=5&target_connection_id=c1"),
		UrlRedaction::redact("/api/syncs?limit=5&target_connection_id=c1"));
	CPPUNIT_ASSERT_EQUAL(std::string("/status.txt"), UrlRedaction::redact("/status.txt"));
	CPPUNIT_ASSERT_EQUAL(std::string("/x?flag&token&=v&"), UrlRedaction::redact("/x?flag&token&=v&"));
	CPPUNIT_ASSERT_EQUAL(std::string("/x?"), UrlRedaction::redact("/x?"));
}


void UrlRedactionTest::testUserPasswordIsRedacted()
{
	CPPUNIT_ASSERT_EQUAL(std::string("https://user:[redacted]@hooks.example.com/in?token=[redacted]"),
		UrlRedaction::redact("https://user:pa55@hooks.example.com/in?token=t"));
	CPPUNIT_ASSERT_EQUAL(std::string("https://hooks.example.com/a@b"), UrlRedaction::redact("https://hooks.example.com/a@b"));
}


CppUnit::Test* UrlRedactionTest::suite()
{
	auto* suite = new CppUnit::TestSuite("UrlRedactionTest");
	POLYTOMIC_ADD_TEST(suite, UrlRedactionTest, testSecretParametersAreRedacted);
	POLYTOMIC_ADD_TEST(suite, UrlRedactionTest, testOtherPartsAreKept);
	POLYTOMIC_ADD_TEST(suite, UrlRedactionTest, testUserPasswordIsRedacted);
	return suite;
}
