//
// ConformanceHarnessTest.cpp
//


#include "ConformanceHarnessTest.h"
#include "support/ChildProcess.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <fstream>


using polytomic::test::ChildProcess;
using polytomic::test::TestEnvironment;


namespace
{
	std::string harness(const std::string& plugin, const std::string& config, int& code, std::map<std::string, std::string> env = {},
		const std::vector<std::string>& options = {})
	{
		Poco::TemporaryFile file;
		std::ofstream(file.path()) << config;
		std::vector<std::string> args{"connector", "test", std::string(POLYTOMIC_FIXTURE_DIR) + "/" + plugin, "--config", file.path()};
		args.insert(args.end(), options.begin(), options.end());
		return ChildProcess::run(TestEnvironment::binary(), args, env, code);
	}
}


void ConformanceHarnessTest::testGoodConnectorPasses()
{
	Poco::TemporaryFile store;
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 25, \"store\": \"" + store.path() + "\"}", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	for (const char* check: {"manifest is valid", "spec is a JSON Schema with its secret fields marked", "check passes on the given configuration",
		"check fails cleanly on an empty configuration", "discover is stable", "read returns what discover promised",
		"read resumes from its state, returning only rows past it", "read stops when asked", "read obeys batch_rows",
		"memory stays bounded by the batch size", "read returns every field asked for", "write append reports every record",
		"write updateOrCreate reports every record"})
		CPPUNIT_ASSERT_MESSAGE(output, output.find(std::string("PASS  ") + check) != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("2 checks skipped (see SKIP above)\n13 passed, 0 failed") != std::string::npos);
}


void ConformanceHarnessTest::testNothingToReadFails()
{
	// An empty object once passed as "0 failed" with every read and write check skipped.
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 0}", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("FAIL  read returns what discover promised: the object 'numbers' has no rows, so reads and "
		"writes cannot be checked; name one that has some with --object") != std::string::npos);
}


void ConformanceHarnessTest::testIgnoredBatchRowsFails()
{
	// A connector handing over its whole object in one batch once passed the fixed memory bound.
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 25, \"one_batch\": true}", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("FAIL  read obeys batch_rows: asked for batches of at most 5 rows, the connector emitted one "
		"of 25") != std::string::npos);
}


void ConformanceHarnessTest::testStrictFailsOnSkips()
{
	Poco::TemporaryFile store;
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 25, \"store\": \"" + store.path() + "\"}", code, {}, {"--strict"});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("2 checks skipped (see SKIP above); --strict counts them as failed") != std::string::npos);
}


void ConformanceHarnessTest::testUnstableDiscoverFails()
{
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 5, \"unstable\": true}", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("FAIL  discover is stable: two discovers returned different catalogs") != std::string::npos);
}


void ConformanceHarnessTest::testUnmarkedSecretFails()
{
	int code = -1;
	const std::string output = harness("a_good.so", "{\"rows\": 5}", code, {{"CONNECTOR_FIXTURE_LEAKY_SPEC", "1"}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("FAIL  spec is a JSON Schema with its secret fields marked: property 'password' looks secret but is not "
		"marked \"secret\": true") != std::string::npos);
}


void ConformanceHarnessTest::testRefusedPluginFails()
{
	int code = -1;
	const std::string output = harness("newer_minor.so", "{}", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	CPPUNIT_ASSERT(output.find("FAIL  manifest is valid: it was built for connector ABI 1.99") != std::string::npos);
	CPPUNIT_ASSERT(output.find("SKIP  discover is stable: an earlier check failed") != std::string::npos);
}


void ConformanceHarnessTest::testUsage()
{
	int code = -1;
	const std::string output = ChildProcess::run(TestEnvironment::binary(), {"connector", "test", "x.so"}, {}, code);
	CPPUNIT_ASSERT_EQUAL(64, code);
	CPPUNIT_ASSERT(output.find("usage: polytomic connector test") != std::string::npos);
	// Without any argument it once answered "unknown command 'connector test'".
	const std::string bare = ChildProcess::run(TestEnvironment::binary(), {"connector", "test"}, {}, code);
	CPPUNIT_ASSERT_EQUAL(64, code);
	CPPUNIT_ASSERT_MESSAGE(bare, bare.find("usage: polytomic connector test <plugin.so> --config <config.json>") != std::string::npos);
}


CppUnit::Test* ConformanceHarnessTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ConformanceHarnessTest");
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testGoodConnectorPasses);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testUnstableDiscoverFails);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testUnmarkedSecretFails);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testRefusedPluginFails);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testUsage);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testNothingToReadFails);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testIgnoredBatchRowsFails);
	POLYTOMIC_ADD_TEST(suite, ConformanceHarnessTest, testStrictFailsOnSkips);
	return suite;
}
