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
	CPPUNIT_ASSERT_EQUAL(std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), sha256Hex(""));
	// Lengths around SHA-256's 64-byte block padding; expected values from an independent implementation (Python's hashlib).
	CPPUNIT_ASSERT_EQUAL(std::string("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"), sha256Hex(std::string(55, 'a')));
	CPPUNIT_ASSERT_EQUAL(std::string("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"), sha256Hex(std::string(56, 'a')));
	CPPUNIT_ASSERT_EQUAL(std::string("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"), sha256Hex(std::string(64, 'a')));
	CPPUNIT_ASSERT_EQUAL(std::string("bwWFMyPfdG9qreDhH2lmftFx_dFeLDalzcT1gb_j68g"), codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r7wW1gFWFOEjXk"));
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
