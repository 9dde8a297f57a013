//
// SecretBoxTest.cpp
//


#include "SecretBoxTest.h"
#include "store/SecretBox.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <atomic>
#include <thread>
#include <vector>


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


void SecretBoxTest::testManyThreadsAtOnce()
{
	// The web server decrypts a stored secret per connection it lists, on as
	// many threads as there are clients: 8 threads at once must all get their
	// own plaintext back, with no crash (issue #10: munmap_chunk() within
	// seconds). The pauses differ per thread so that the number of POCO Crypto
	// objects alive keeps dropping to zero, as between requests in the server,
	// which is what made POCO tear OpenSSL down while another thread set it up.
	const SecretBox box(KEY_A, {KEY_B});
	const std::string older = SecretBox(KEY_B).encrypt("sealed with the previous key");
	const int threads = 8, rounds = 1000;
	std::atomic<int> wrong{0}, failed{0};
	std::vector<std::thread> workers;
	for (int t = 0; t < threads; ++t)
		workers.emplace_back([&, t] {
			for (int i = 0; i < rounds; ++i)
			{
				try
				{
					const std::string secret = "password of thread " + std::to_string(t) + " round " + std::to_string(i);
					if (box.decrypt(box.encrypt(secret)) != secret) ++wrong;
					if (box.decrypt(older) != "sealed with the previous key") ++wrong;
					std::this_thread::sleep_for(std::chrono::microseconds(10 * t));
				}
				catch (const std::exception&)
				{
					++failed;
				}
			}
		});
	for (auto& worker: workers) worker.join();
	CPPUNIT_ASSERT_EQUAL(0, wrong.load());
	CPPUNIT_ASSERT_EQUAL(0, failed.load());
}


CppUnit::Test* SecretBoxTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SecretBoxTest");
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testRoundTrip);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testTamperingIsDetected);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testKeyRotation);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testBadKeys);
	POLYTOMIC_ADD_TEST(suite, SecretBoxTest, testManyThreadsAtOnce);
	return suite;
}
