//
// Driver.cpp
//
// The test runner of kernel/cache.
//


#include "MemoryCacheTest.h"
#include "RedisCacheTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Cache");
	suite->addTest(MemoryCacheTest::suite());
	suite->addTest(RedisCacheTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
