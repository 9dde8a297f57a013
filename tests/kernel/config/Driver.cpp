//
// Driver.cpp
//
// The test runner of kernel/config.
//


#include "DatabaseUrlTest.h"
#include "RedisUrlTest.h"
#include "SettingsTest.h"
#include "support/TestDriver.h"
#include <cppunit/TestSuite.h>


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Config");
	suite->addTest(DatabaseUrlTest::suite());
	suite->addTest(RedisUrlTest::suite());
	suite->addTest(SettingsTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
