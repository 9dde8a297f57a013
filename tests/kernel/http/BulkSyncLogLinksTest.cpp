//
// BulkSyncLogLinksTest.cpp
//


#include "BulkSyncLogLinksTest.h"
#include "http/BulkSyncLogLinks.h"
#include "support/TestDriver.h"
#include "Poco/URI.h"
#include <cppunit/TestAssert.h>
#include <map>


using polytomic::http::BulkSyncLogLinks;


namespace
{
	const std::string PATH = "/api/bulk/syncs/6f1c2a9e-0000-4000-8000-000000000001/executions/6f1c2a9e-0000-4000-8000-000000000002/logs/file";

	const std::string OTHER_PATH = "/api/bulk/syncs/6f1c2a9e-0000-4000-8000-000000000001/executions/6f1c2a9e-0000-4000-8000-000000000003/logs/file";


	std::map<std::string, std::string> parameters(const std::string& query)
	{
		std::map<std::string, std::string> out;
		for (const auto& [key, value]: Poco::URI("/x?" + query).getQueryParameters()) out[key] = value;
		return out;
	}


	bool valid(const BulkSyncLogLinks& links, const std::string& path, std::map<std::string, std::string> q, std::time_t now)
	{
		return links.valid(path, q["part"], q["expires"], q["signature"], now);
	}
}


void BulkSyncLogLinksTest::testSignedLinkIsValidUntilItExpires()
{
	BulkSyncLogLinks links("0123456789abcdef0123456789abcdef");
	const auto q = parameters(links.query(PATH, 42, 1000));
	CPPUNIT_ASSERT_EQUAL(std::string("42"), q.at("part"));
	CPPUNIT_ASSERT(valid(links, PATH, q, 999));
	CPPUNIT_ASSERT(valid(links, PATH, q, 1000));
	CPPUNIT_ASSERT(!valid(links, PATH, q, 1001));
}


void BulkSyncLogLinksTest::testChangedLinkIsRefused()
{
	BulkSyncLogLinks links("0123456789abcdef0123456789abcdef");
	const auto q = parameters(links.query(PATH, 0, 5000));
	auto later = q;
	later["expires"] = "9999999999";
	CPPUNIT_ASSERT_MESSAGE("a later expiry is not the signed one", !valid(links, PATH, later, 1));
	auto otherPart = q;
	otherPart["part"] = "7";
	CPPUNIT_ASSERT(!valid(links, PATH, otherPart, 1));
	CPPUNIT_ASSERT_MESSAGE("another execution's log", !valid(links, OTHER_PATH, q, 1));
	auto flipped = q;
	flipped["signature"][0] = flipped["signature"][0] == '0' ? '1' : '0';
	CPPUNIT_ASSERT(!valid(links, PATH, flipped, 1));
	auto shorter = q;
	shorter["signature"].pop_back();
	CPPUNIT_ASSERT(!valid(links, PATH, shorter, 1));
}


void BulkSyncLogLinksTest::testOtherSecretIsRefused()
{
	BulkSyncLogLinks ours("0123456789abcdef0123456789abcdef");
	BulkSyncLogLinks theirs("fedcba9876543210fedcba9876543210");
	const auto q = parameters(theirs.query(PATH, 0, 5000));
	CPPUNIT_ASSERT(valid(theirs, PATH, q, 1));
	CPPUNIT_ASSERT(!valid(ours, PATH, q, 1));
	CPPUNIT_ASSERT_MESSAGE("two replicas with the same secret accept each other's links",
		valid(BulkSyncLogLinks("fedcba9876543210fedcba9876543210"), PATH, q, 1));
}


void BulkSyncLogLinksTest::testMalformedQueryIsRefused()
{
	BulkSyncLogLinks links("0123456789abcdef0123456789abcdef");
	const auto q = parameters(links.query(PATH, 0, 5000));
	for (const char* expires: {"", "-1", "5000x", "99999999999999999999", " 5000"})
	{
		auto bad = q;
		bad["expires"] = expires;
		CPPUNIT_ASSERT_MESSAGE(expires, !valid(links, PATH, bad, 1));
	}
	auto noPart = q;
	noPart["part"] = "";
	CPPUNIT_ASSERT(!valid(links, PATH, noPart, 1));
	auto noSignature = q;
	noSignature["signature"] = "";
	CPPUNIT_ASSERT(!valid(links, PATH, noSignature, 1));
}


CppUnit::Test* BulkSyncLogLinksTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BulkSyncLogLinksTest");
	POLYTOMIC_ADD_TEST(suite, BulkSyncLogLinksTest, testSignedLinkIsValidUntilItExpires);
	POLYTOMIC_ADD_TEST(suite, BulkSyncLogLinksTest, testChangedLinkIsRefused);
	POLYTOMIC_ADD_TEST(suite, BulkSyncLogLinksTest, testOtherSecretIsRefused);
	POLYTOMIC_ADD_TEST(suite, BulkSyncLogLinksTest, testMalformedQueryIsRefused);
	return suite;
}
