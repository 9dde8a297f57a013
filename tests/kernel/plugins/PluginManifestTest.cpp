//
// PluginManifestTest.cpp
//


#include "PluginManifestTest.h"
#include "plugins/PluginError.h"
#include "plugins/PluginManifest.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::plugins;


namespace
{
	polytomic_manifest good()
	{
		return {sizeof(polytomic_manifest), POLYTOMIC_ABI_MAGIC, POLYTOMIC_ABI_MAJOR, POLYTOMIC_ABI_MINOR, POLYTOMIC_SDK_VERSION, "my_db", "My DB",
			"2.0.0", POLYTOMIC_CAP_SOURCE, 0};
	}


	std::string refusal(const polytomic_manifest& m)
	{
		try
		{
			PluginManifest::fromAbi(&m, "/plugins/x.so");
		}
		catch (const PluginRefused& e)
		{
			return e.what();
		}
		return "<accepted>";
	}
}


void PluginManifestTest::testAcceptsCurrentAndOlderMinor()
{
	polytomic_manifest m = good();
	PluginManifest manifest = PluginManifest::fromAbi(&m, "/plugins/x.so");
	CPPUNIT_ASSERT_EQUAL(std::string("my_db"), manifest.id);
	CPPUNIT_ASSERT(manifest.isSource() && !manifest.isDestination());
	m.abi_minor = 0;
	CPPUNIT_ASSERT_EQUAL(std::string("<accepted>"), refusal(m));
}


void PluginManifestTest::testRefusals()
{
	polytomic_manifest m = good();
	m.abi_major = 2;
	CPPUNIT_ASSERT_EQUAL(std::string("it was built for connector ABI 2.4, but this server speaks ABI 1.4 (a different major version); "
		"rebuild it with SDK 1.5.0"), refusal(m));
	m = good();
	m.abi_minor = 7;
	CPPUNIT_ASSERT_EQUAL(std::string("it was built for connector ABI 1.7, newer than this server's ABI 1.4; upgrade the server or "
		"rebuild the plugin with SDK 1.5.0"), refusal(m));
	m = good();
	m.magic = 0x12345678;
	CPPUNIT_ASSERT(refusal(m).find("wrong magic") != std::string::npos);
	m = good();
	m.size = 16;
	CPPUNIT_ASSERT(refusal(m).find("smaller than ABI 1.4 defines") != std::string::npos);
	for (const char* id: {"", "My-DB", "a b", "x/y"})
	{
		m = good();
		m.id = id;
		CPPUNIT_ASSERT_MESSAGE(id, refusal(m).find("connector id must be") != std::string::npos);
	}
	m = good();
	m.name = nullptr;
	CPPUNIT_ASSERT(refusal(m).find("lacks a name") != std::string::npos);
	m = good();
	m.capabilities = 0;
	CPPUNIT_ASSERT(refusal(m).find("neither a source nor a destination") != std::string::npos);
	CPPUNIT_ASSERT_THROW(PluginManifest::fromAbi(nullptr, "x"), PluginRefused);
}


void PluginManifestTest::testJsonRoundTrip()
{
	polytomic_manifest m = good();
	m.capabilities = POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION;
	m.write_modes = POLYTOMIC_MODE_APPEND | POLYTOMIC_MODE_SNAPSHOT | POLYTOMIC_MODE_UPDATE_OR_CREATE;
	PluginManifest original = PluginManifest::fromAbi(&m, "/plugins/x.so");
	PluginManifest copy = PluginManifest::fromJson(original.toJson());
	CPPUNIT_ASSERT(original.toJson() == copy.toJson());
	CPPUNIT_ASSERT_EQUAL(std::string("/plugins/x.so"), copy.path);
	const auto modes = copy.modeNames();
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), modes.size());
	CPPUNIT_ASSERT_EQUAL(std::string("append"), modes[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("updateOrCreate"), modes[1]);
	CPPUNIT_ASSERT_EQUAL(std::string("snapshot"), modes[2]);
}


CppUnit::Test* PluginManifestTest::suite()
{
	auto* suite = new CppUnit::TestSuite("PluginManifestTest");
	POLYTOMIC_ADD_TEST(suite, PluginManifestTest, testAcceptsCurrentAndOlderMinor);
	POLYTOMIC_ADD_TEST(suite, PluginManifestTest, testRefusals);
	POLYTOMIC_ADD_TEST(suite, PluginManifestTest, testJsonRoundTrip);
	return suite;
}
