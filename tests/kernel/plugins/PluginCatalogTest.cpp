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


void PluginCatalogTest::testRefusedPluginsSayWhatTheyDeclare()
{
	PluginCatalog catalog = PluginCatalog::scan(POLYTOMIC_FIXTURE_DIR, TestEnvironment::binary(), std::chrono::milliseconds(3000));
	std::map<std::string, PluginCatalog::Refusal> refused;
	for (const auto& r: catalog.refused()) refused[r.file] = r;
	// Built against a future ABI major: its manifest is read all the same, for the admin to see.
	const PluginCatalog::Refusal& future = refused["other_major.so"];
	CPPUNIT_ASSERT_MESSAGE(future.reason, future.manifestRead);
	CPPUNIT_ASSERT_EQUAL("2." + std::to_string(POLYTOMIC_ABI_MINOR), future.abiVersion);
	CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), future.sdkVersion);
	CPPUNIT_ASSERT_EQUAL(std::string("1.99"), refused["newer_minor.so"].abiVersion);
	CPPUNIT_ASSERT(refused["duplicate_id.so"].manifestRead);
	CPPUNIT_ASSERT_EQUAL(std::to_string(POLYTOMIC_ABI_MAJOR) + "." + std::to_string(POLYTOMIC_ABI_MINOR), refused["duplicate_id.so"].abiVersion);
	CPPUNIT_ASSERT(!refused["duplicate_id.so"].sdkVersion.empty());
	// Not a shared library, no manifest, a crash or a hang before the manifest: nothing declared, and the reason says why.
	for (const char* file: {"not_elf.so", "no_manifest.so", "static_crash.so", "static_hang.so"})
	{
		CPPUNIT_ASSERT_MESSAGE(file, !refused[file].manifestRead);
		CPPUNIT_ASSERT_MESSAGE(file, refused[file].abiVersion.empty() && refused[file].sdkVersion.empty());
	}
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
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testRefusedPluginsSayWhatTheyDeclare);
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testOpenReturningNullIsRefused);
	POLYTOMIC_ADD_TEST(suite, PluginCatalogTest, testMissingFolder);
	return suite;
}
