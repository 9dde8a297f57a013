//
// SignedUrlTest.cpp
//
// Links to execution log files (record logs, bulk-sync console-log parts):
// signed with a key derived from the server's, expiring, and refused when any
// part of them changes.
//


#include "SignedUrlTest.h"
#include "http/SignedUrl.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <cctype>


using polytomic::http::SignedUrl;


namespace
{
	const std::string PATH = "/api/execution-logs/4d3c6f1e-0000-4000-8000-000000000001/inserts/17.json";
	const long long NOW = 1800000000;


	std::string queryValue(const std::string& link, const std::string& name)
	{
		const std::size_t at = link.find(name + "=");
		if (at == std::string::npos) return "";
		const std::size_t start = at + name.size() + 1;
		return link.substr(start, link.find('&', start) - start);
	}
}


void SignedUrlTest::testASignedLinkVerifies()
{
	const SignedUrl links("server key");
	const std::string link = links.sign(PATH, NOW + 60);
	CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(link.rfind(PATH + "?expires=1800000060&signature=", 0)));
	CPPUNIT_ASSERT_EQUAL(std::size_t(64), queryValue(link, "signature").size());
	CPPUNIT_ASSERT(links.verify(PATH, "1800000060", queryValue(link, "signature"), NOW) == SignedUrl::Verdict::VALID);
	// Valid up to and including its expiry second.
	CPPUNIT_ASSERT(links.verify(PATH, "1800000060", queryValue(link, "signature"), NOW + 60) == SignedUrl::Verdict::VALID);
	// The signature is not the server key's plain HMAC of the path (the key is derived).
	CPPUNIT_ASSERT(link.find("server key") == std::string::npos);
}


void SignedUrlTest::testAnExpiredLinkIsRefused()
{
	const SignedUrl links("server key");
	const std::string link = links.sign(PATH, NOW - 1);
	CPPUNIT_ASSERT(links.verify(PATH, queryValue(link, "expires"), queryValue(link, "signature"), NOW) == SignedUrl::Verdict::EXPIRED);
}


void SignedUrlTest::testAnyChangeIsRefused()
{
	const SignedUrl links("server key");
	const std::string link = links.sign(PATH, NOW + 600);
	const std::string signature = queryValue(link, "signature");
	const std::string expires = queryValue(link, "expires");
	// Another file of the same execution, another execution, a later expiry.
	CPPUNIT_ASSERT(links.verify("/api/execution-logs/4d3c6f1e-0000-4000-8000-000000000001/inserts/37.json", expires, signature, NOW) ==
		SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify("/api/execution-logs/4d3c6f1e-0000-4000-8000-000000000002/inserts/17.json", expires, signature, NOW) ==
		SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, "1800000601", signature, NOW) == SignedUrl::Verdict::ALTERED);
	// A changed, shortened, upper-cased or missing signature; an expiry that is not a number.
	std::string flipped = signature;
	flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
	CPPUNIT_ASSERT(links.verify(PATH, expires, flipped, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, expires, signature.substr(0, 63), NOW) == SignedUrl::Verdict::ALTERED);
	std::string upper = signature;
	for (char& c: upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
	if (upper != signature) CPPUNIT_ASSERT(links.verify(PATH, expires, upper, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, expires, "", NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, "", signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, "-1", signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(PATH, "99999999999999999999999", signature, NOW) == SignedUrl::Verdict::ALTERED);
}


void SignedUrlTest::testAnotherServerKeyIsRefused()
{
	const std::string link = SignedUrl("server key").sign(PATH, NOW + 600);
	CPPUNIT_ASSERT(SignedUrl("another key").verify(PATH, queryValue(link, "expires"), queryValue(link, "signature"), NOW) ==
		SignedUrl::Verdict::ALTERED);
	// The same key on another replica verifies it.
	CPPUNIT_ASSERT(SignedUrl("server key").verify(PATH, queryValue(link, "expires"), queryValue(link, "signature"), NOW) ==
		SignedUrl::Verdict::VALID);
}


void SignedUrlTest::testALinksOwnQueryIsSigned()
{
	// A bulk sync's console log is served in parts: the part is in the link's own query, and is signed with the path.
	const std::string log = "/api/bulk/syncs/6f1c2a9e-0000-4000-8000-000000000001/executions/6f1c2a9e-0000-4000-8000-000000000002/logs/file";
	const std::string otherLog = "/api/bulk/syncs/6f1c2a9e-0000-4000-8000-000000000001/executions/6f1c2a9e-0000-4000-8000-000000000003/logs/file";
	const SignedUrl links("server key");
	const std::string link = links.sign(log + "?part=42", NOW + 600);
	CPPUNIT_ASSERT_EQUAL(log + "?part=42&expires=1800000600&signature=", link.substr(0, link.find("signature=") + 10));
	const std::string expires = queryValue(link, "expires");
	const std::string signature = queryValue(link, "signature");
	CPPUNIT_ASSERT(links.verify(log + "?part=42", expires, signature, NOW) == SignedUrl::Verdict::VALID);
	CPPUNIT_ASSERT_MESSAGE("another part", links.verify(log + "?part=7", expires, signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT_MESSAGE("no part", links.verify(log + "?part=", expires, signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT_MESSAGE("the query left out", links.verify(log, expires, signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT_MESSAGE("another execution's log",
		links.verify(otherLog + "?part=42", expires, signature, NOW) == SignedUrl::Verdict::ALTERED);
	CPPUNIT_ASSERT(links.verify(log + "?part=42", expires, signature, NOW + 601) == SignedUrl::Verdict::EXPIRED);
}


CppUnit::Test* SignedUrlTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SignedUrlTest");
	POLYTOMIC_ADD_TEST(suite, SignedUrlTest, testASignedLinkVerifies);
	POLYTOMIC_ADD_TEST(suite, SignedUrlTest, testAnExpiredLinkIsRefused);
	POLYTOMIC_ADD_TEST(suite, SignedUrlTest, testAnyChangeIsRefused);
	POLYTOMIC_ADD_TEST(suite, SignedUrlTest, testAnotherServerKeyIsRefused);
	POLYTOMIC_ADD_TEST(suite, SignedUrlTest, testALinksOwnQueryIsSigned);
	return suite;
}
