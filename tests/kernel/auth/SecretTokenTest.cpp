//
// SecretTokenTest.cpp
//


#include "SecretTokenTest.h"
#include "auth/SecretToken.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <set>
#include <stdexcept>


using namespace polytomic::auth;


void SecretTokenTest::testRandomTokens()
{
	std::set<std::string> seen;
	for (int i = 0; i < 100; ++i)
	{
		const std::string token = randomToken(32);
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), token.size());
		CPPUNIT_ASSERT(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::size_t(32), fromBase64Url(token).size());
		seen.insert(token);
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(100), seen.size());
}


void SecretTokenTest::testHashAndBase64Url()
{
	CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), sha256Hex("abc"));
	CPPUNIT_ASSERT_EQUAL(std::string("-_8"), base64Url("\xfb\xff"));
	CPPUNIT_ASSERT_EQUAL(std::string("\xfb\xff"), fromBase64Url("-_8"));
	CPPUNIT_ASSERT_EQUAL(std::string("{\"alg\":\"RS256\"}"), fromBase64Url("eyJhbGciOiJSUzI1NiJ9"));
	CPPUNIT_ASSERT_THROW(fromBase64Url("not base64!"), std::invalid_argument);
	CPPUNIT_ASSERT(equalInConstantTime("same", "same"));
	CPPUNIT_ASSERT(!equalInConstantTime("same", "sane"));
	CPPUNIT_ASSERT(!equalInConstantTime("", ""));
	CPPUNIT_ASSERT(!equalInConstantTime("longer", "long"));
}


CppUnit::Test* SecretTokenTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SecretTokenTest");
	POLYTOMIC_ADD_TEST(suite, SecretTokenTest, testRandomTokens);
	POLYTOMIC_ADD_TEST(suite, SecretTokenTest, testHashAndBase64Url);
	return suite;
}
