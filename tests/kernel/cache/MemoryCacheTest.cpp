//
// MemoryCacheTest.cpp
//


#include "MemoryCacheTest.h"
#include "cache/MemoryCache.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::cache::MemoryCache;
using std::chrono::seconds;


void MemoryCacheTest::testSetGetRemove()
{
	MemoryCache cache;
	CPPUNIT_ASSERT(!cache.get("k"));
	cache.set("k", "v1", seconds(60));
	CPPUNIT_ASSERT_EQUAL(std::string("v1"), *cache.get("k"));
	cache.set("k", std::string("v\0two", 5), seconds(60));
	CPPUNIT_ASSERT_EQUAL(std::string("v\0two", 5), *cache.get("k"));
	cache.remove("k");
	CPPUNIT_ASSERT(!cache.get("k"));
	CPPUNIT_ASSERT(cache.healthy());
	CPPUNIT_ASSERT_EQUAL(std::string("memory"), cache.backend());
}


void MemoryCacheTest::testExpiry()
{
	MemoryCache cache;
	cache.set("gone", "v", seconds(0));
	CPPUNIT_ASSERT(!cache.get("gone"));
	cache.set("kept", "v", seconds(3600));
	CPPUNIT_ASSERT(cache.get("kept"));
}


void MemoryCacheTest::testBounded()
{
	MemoryCache cache(3);
	cache.set("a", "1", seconds(60));
	cache.set("b", "2", seconds(60));
	cache.set("c", "3", seconds(60));
	cache.set("d", "4", seconds(60));
	CPPUNIT_ASSERT(!cache.get("a"));
	CPPUNIT_ASSERT(cache.get("b") && cache.get("c") && cache.get("d"));
	cache.set("x", "0", seconds(0));   // evicts the oldest live entry, b
	cache.set("e", "5", seconds(60));  // drops the expired x rather than c
	CPPUNIT_ASSERT(!cache.get("b"));
	CPPUNIT_ASSERT(cache.get("c") && cache.get("d") && cache.get("e"));
}


CppUnit::Test* MemoryCacheTest::suite()
{
	auto* suite = new CppUnit::TestSuite("MemoryCacheTest");
	POLYTOMIC_ADD_TEST(suite, MemoryCacheTest, testSetGetRemove);
	POLYTOMIC_ADD_TEST(suite, MemoryCacheTest, testExpiry);
	POLYTOMIC_ADD_TEST(suite, MemoryCacheTest, testBounded);
	return suite;
}
