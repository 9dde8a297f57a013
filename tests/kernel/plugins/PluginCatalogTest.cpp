//
// PluginCatalogTest.cpp
//


#include "PluginCatalogTest.h"
#include "plugins/PluginCatalog.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <map>


using namespace polytomic::plugins;
using polytomic::test::TestEnvironment;


void PluginCatalogTest::testScanLoadsGoodAndRefusesTheRest()
{
	PluginCatalog catalog = PluginCatalog::scan(POLYTOMIC_FIXTURE_DIR, TestEnvironment::binary(), std::chrono::milliseconds(3000));
	CPPUNIT_ASSERT(catalog.directoryExists());
	std::string refusals;
	for (const auto& r: catalog.refused()) refusals += r.file + ": " + r.reason + "\n";
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refusals, std::size_t(1), catalog.loaded().size());
	const PluginManifest& good = catalog.loaded()[0];
	CPPUNIT_ASSERT_EQUAL(std::string("test_good"), good.id);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refusals, 0u, good.abiMinor); // built for an older ABI minor, and loaded
	CPPUNIT_ASSERT(good.path.find("a_good.so") != std::string::npos);
	CPPUNIT_ASSERT(catalog.find("test_good") == &catalog.loaded()[0]);

	std::map<std::string, std::string> refused;
	for (const auto& r: catalog.refused()) refused[r.file] = r.reason;
	CPPUNIT_ASSERT_EQUAL(std::size_t(7), refused.size());
	CPPUNIT_ASSERT_EQUAL(std::string("connector id 'test_good' is already provided by a_good.so"), refused["duplicate_id.so"]);
	CPPUNIT_ASSERT(refused["newer_minor.so"].find("ABI 1.99, newer than this server's ABI 1.4") != std::string::npos);
	CPPUNIT_ASSERT(refused["other_major.so"].find("ABI 2.4, but this server speaks ABI 1.4") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(refused["static_crash.so"], refused["static_crash.so"].find("crashed while loading") != std::string::npos);
	CPPUNIT_ASSERT(refused["static_crash.so"].find("Segmentation fault") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("it did not finish loading within 3 s (a static initializer may hang)"), refused["static_hang.so"]);
	CPPUNIT_ASSERT(refused["no_manifest.so"].find("does not export polytomic_connector_manifest") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("it is not a shared library (no ELF header)"), refused["not_elf.so"]);
	CPPUNIT_ASSERT(!refused.count("README.txt"));
}


void PluginCatalogTest::testOpenReturningNullIsRefused()
{
	// It was listed as loaded and failed only when a connection used it.
	PluginCatalog catalog = PluginCatalog::scan(POLYTOMIC_OPEN_NULL_FIXTURE_DIR, TestEnvironment::binary(), std::chrono::milliseconds(3000));
	CPPUNIT_ASSERT(catalog.loaded().empty());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), catalog.refused().size());
	CPPUNIT_ASSERT_EQUAL(std::string("its polytomic_connector_open() returned no instance (the connector's constructor failed or it "
		"returned NULL): it could not do any work"), catalog.refused()[0].reason);
}


void PluginCatalogTest::testMissingFolder()
{
	PluginCatalog catalog = PluginCatalog::scan("/nonexistent/plugins", TestEnvironment::binary());
	CPPUNIT_ASSERT(!catalog.directoryExists());
	CPPUNIT_ASSERT(catalog.loaded().empty() && catalog.refused().empty());
}


CppUnit::Test* PluginCatalogTest::suite()
{
	auto* suite = new CppUnit::TestSuite("PluginCatalogTest");
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testScanLoadsGoodAndRefusesTheRest);
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testOpenReturningNullIsRefused);
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testMissingFolder);
	return suite;
}
