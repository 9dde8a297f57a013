//
// SecretBoxTest.cpp
//


#include "SecretBoxTest.h"
#include "store/SecretBox.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::store;


namespace
{
	const std::string KEY_A(32, 'a');
	const std::string KEY_B(32, 'b');
}


void SecretBoxTest::testRoundTrip()
{
	SecretBox box(KEY_A);
	const std::string secret = "{\"password\":\"p@ss w0rd \\u00e9\"}";
	const std::string one = box.encrypt(secret), two = box.encrypt(secret);
	CPPUNIT_ASSERT(one != two); // a fresh IV every time
	CPPUNIT_ASSERT(one.rfind("v1:" + box.keyId() + ":", 0) == 0);
	CPPUNIT_ASSERT(one.find("p@ss") == std::string::npos);
	CPPUNIT_ASSERT_EQUAL(secret, box.decrypt(one));
	CPPUNIT_ASSERT_EQUAL(std::string(), box.decrypt(box.encrypt("")));
	CPPUNIT_ASSERT_EQUAL(std::size_t(8), box.keyId().size());
}


void SecretBoxTest::testTamperingIsDetected()
{
	SecretBox box(KEY_A);
	std::string sealed = box.encrypt("the secret");
	std::string flipped = sealed;
	flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
	CPPUNIT_ASSERT_THROW(box.decrypt(flipped), SecretError);
	CPPUNIT_ASSERT_THROW(box.decrypt("v1:" + box.keyId() + ":AAAA"), SecretError);
	CPPUNIT_ASSERT_THROW(box.decrypt("plaintext"), SecretError);
	CPPUNIT_ASSERT_THROW(SecretBox(KEY_B).decrypt(sealed), SecretError);
}


void SecretBoxTest::testKeyRotation()
{
	SecretBox oldBox(KEY_A);
	const std::string sealed = oldBox.encrypt("rotate me");
	SecretBox newBox(KEY_B, {KEY_A});
	CPPUNIT_ASSERT(!newBox.isCurrent(sealed));
	CPPUNIT_ASSERT_EQUAL(std::string("rotate me"), newBox.decrypt(sealed));
	const std::string resealed = newBox.encrypt(newBox.decrypt(sealed));
	CPPUNIT_ASSERT(newBox.isCurrent(resealed));
	try
	{
		SecretBox(KEY_B).decrypt(sealed);
		CPPUNIT_FAIL("decrypted with an unknown key");
	}
	catch (const SecretError& e)
	{
		CPPUNIT_ASSERT(std::string(e.what()).find("neither ENCRYPTION_KEY") != std::string::npos);
	}
}


void SecretBoxTest::testBadKeys()
{
	CPPUNIT_ASSERT_THROW(SecretBox("short"), SecretError);
	CPPUNIT_ASSERT_THROW(SecretBox(KEY_A, {"short"}), SecretError);
	CPPUNIT_ASSERT(SecretBox::generateKey() != SecretBox::generateKey());
}


CppUnit::Test* SecretBoxTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SecretBoxTest");
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testRoundTrip);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testTamperingIsDetected);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testKeyRotation);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testBadKeys);
	return suite;
}
