//
// CommandsTest.cpp
//


#include "CommandsTest.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <fstream>


using namespace polytomic::test;


namespace
{
	std::map<std::string, std::string> base()
	{
		return {{"POLYTOMIC_BIN", TestEnvironment::binary()}};
	}


	int lineCount(const std::string& text, const std::string& prefix)
	{
		int n = 0;
		std::string::size_type pos = 0;
		while ((pos = text.find(prefix, pos)) != std::string::npos)
		{
			if (pos == 0 || text[pos - 1] == '\n') ++n;
			pos += prefix.size();
		}
		return n;
	}
}


void CommandsTest::testConfigurationProblemsAllAtOnce()
{
	auto env = base();
	env["DATABASE_URL"] = "mysql://app:hunter2@db/polytomic";
	env["PORT"] = "eighty";
	env["DEPLOYMENT_KEY"] = "hunter3";
	int code = 0;
	const std::string output = runCommand({}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 78, code);
	for (const char* variable: {"ROOT_USER", "DEPLOYMENT", "DATABASE_URL", "PORT", "POLYTOMIC_URL", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET",
		"ENCRYPTION_KEY"})
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, lineCount(output, std::string("configuration problem: ") + variable + ": "));
	CPPUNIT_ASSERT_EQUAL(8, lineCount(output, "configuration problem: "));
	CPPUNIT_ASSERT(output.find("8 configuration problems") != std::string::npos);
	CPPUNIT_ASSERT(output.find("hunter2") == std::string::npos);
	CPPUNIT_ASSERT(output.find("hunter3") == std::string::npos);
	CPPUNIT_ASSERT(output.find("xception") == std::string::npos);
	CPPUNIT_ASSERT(output.find("terminate") == std::string::npos);
}


void CommandsTest::testConfigCheck()
{
	auto env = base();
	env["EVALUATION"] = "true";
	env["ROOT_USER"] = "root@example.com";
	env["DATABASE_URL"] = "postgres://app:hunter2@db:5432/polytomic?sslmode=require";
	env["REDIS_URL"] = "rediss://:hunter4@cache:6380/1";
	int code = 0;
	std::string output = runCommand({"config", "check"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT(output.find("postgres://app:****@db:5432/polytomic?sslmode=require") != std::string::npos);
	CPPUNIT_ASSERT(output.find("rediss://:****@cache:6380/1") != std::string::npos);
	CPPUNIT_ASSERT(output.find("No problems found.") != std::string::npos);
	CPPUNIT_ASSERT(output.find("hunter") == std::string::npos);

	env["LOG_FORMAT"] = "yaml";
	output = runCommand({"config", "check"}, env, code);
	CPPUNIT_ASSERT_EQUAL(78, code);
	CPPUNIT_ASSERT(output.find("problem: LOG_FORMAT: expected one of text, json, got 'yaml'") != std::string::npos);
	CPPUNIT_ASSERT(output.find("1 problem found.") != std::string::npos);
}


void CommandsTest::testCacheUrlDeprecationWarning()
{
	auto env = base();
	env["EVALUATION"] = "true";
	env["ROOT_USER"] = "root@example.com";
	env["DATABASE_URL"] = "postgres://app@db/polytomic";
	env["CACHE_URL"] = "redis://old-cache:6379";
	int code = 0;
	const std::string output = runCommand({"config", "check"}, env, code);
	CPPUNIT_ASSERT_EQUAL(0, code);
	CPPUNIT_ASSERT(output.find("warning: CACHE_URL is deprecated; rename it to REDIS_URL") != std::string::npos);
	CPPUNIT_ASSERT(output.find("redis://old-cache:6379") != std::string::npos);
}


void CommandsTest::testSecretsFromFiles()
{
	Poco::TemporaryFile file;
	std::ofstream(file.path()) << "postgres://app:filesecret@db:5432/fromfile";
	auto env = base();
	env["EVALUATION"] = "true";
	env["ROOT_USER"] = "root@example.com";
	env["DATABASE_URL_FILE"] = file.path();
	int code = 0;
	std::string output = runCommand({"config", "check"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT(output.find("postgres://app:****@db:5432/fromfile") != std::string::npos);
	env["DATABASE_URL_FILE"] = "/nonexistent/secret";
	output = runCommand({"config", "check"}, env, code);
	CPPUNIT_ASSERT_EQUAL(78, code);
	CPPUNIT_ASSERT(output.find("DATABASE_URL_FILE: cannot read '/nonexistent/secret'") != std::string::npos);
}


void CommandsTest::testClientSecretsFromFiles()
{
	// Every connector's OAuth app secret (<TYPE>_CLIENT_SECRET) may come from a file; the variables the
	// server is started with are printed by printenv in its place.
	Poco::TemporaryFile hubspot, salesforce;
	std::ofstream(hubspot.path()) << "hubspot-secret-from-file";
	std::ofstream(salesforce.path()) << "salesforce secret";
	std::map<std::string, std::string> env{{"POLYTOMIC_BIN", "/usr/bin/printenv"}, {"HUBSPOT_CLIENT_SECRET_FILE", hubspot.path()},
		{"SALESFORCE_CLIENT_SECRET_FILE", salesforce.path()}};
	int code = -1;
	std::string output = runCommand({"HUBSPOT_CLIENT_SECRET", "SALESFORCE_CLIENT_SECRET"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT_EQUAL(std::string("hubspot-secret-from-file\nsalesforce secret\n"), output);
	// The _FILE variable does not reach the server; a value set directly wins over the file.
	output = runCommand({"HUBSPOT_CLIENT_SECRET_FILE"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
	env["HUBSPOT_CLIENT_SECRET"] = "direct";
	env["HUBSPOT_CLIENT_SECRET_FILE"] = "/nonexistent/secret";
	output = runCommand({"HUBSPOT_CLIENT_SECRET"}, env, code);
	CPPUNIT_ASSERT_EQUAL(std::string("direct\n"), output);
	env.erase("HUBSPOT_CLIENT_SECRET");
	output = runCommand({"HUBSPOT_CLIENT_SECRET"}, env, code);
	CPPUNIT_ASSERT_EQUAL(78, code);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("HUBSPOT_CLIENT_SECRET_FILE: cannot read '/nonexistent/secret'") != std::string::npos);
}


void CommandsTest::testMigrateCommand()
{
	TestDatabase db("cmdmigrate");
	auto env = base();
	env["DATABASE_URL"] = db.url();
	int code = 0;
	std::string output = runCommand({"migrate"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT(output.find("applied migration 001_organizations_and_users.sql") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("t"), db.scalar("SELECT to_regclass('users') IS NOT NULL"));
	output = runCommand({"migrate"}, env, code);
	CPPUNIT_ASSERT_EQUAL(0, code);
	CPPUNIT_ASSERT(output.find("up to date; nothing to apply") != std::string::npos);
	env["DATABASE_URL"] = "postgres://app@127.0.0.1:" + std::to_string(TestEnvironment::freePort()) + "/x";
	output = runCommand({"migrate"}, env, code);
	CPPUNIT_ASSERT_EQUAL(1, code);
	CPPUNIT_ASSERT(output.find("cannot connect to PostgreSQL at 127.0.0.1") != std::string::npos);
}


void CommandsTest::testMigrateProcessesRace()
{
	TestDatabase db("cmdrace");
	auto env = base();
	env["DATABASE_URL"] = db.url();
	std::vector<std::unique_ptr<ChildProcess>> racers;
	for (int i = 0; i < 3; ++i) racers.push_back(std::make_unique<ChildProcess>(entrypoint(), std::vector<std::string>{"migrate"}, env));
	int applied = 0;
	for (auto& racer: racers)
	{
		auto code = racer->wait(std::chrono::milliseconds(60000));
		CPPUNIT_ASSERT_MESSAGE(racer->output(), code && *code == 0);
		if (racer->output().find("applied migration 001_") != std::string::npos) ++applied;
	}
	CPPUNIT_ASSERT_EQUAL(1, applied);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM polytomic_schema_migrations WHERE version = 1"));
}


void CommandsTest::testUnknownCommand()
{
	int code = 0;
	const std::string output = runCommand({"frobnicate"}, base(), code);
	CPPUNIT_ASSERT_EQUAL(64, code);
	CPPUNIT_ASSERT(output.find("unknown command 'frobnicate'") != std::string::npos);
	const std::string help = runCommand({"--help"}, base(), code);
	CPPUNIT_ASSERT_EQUAL(0, code);
	CPPUNIT_ASSERT(help.find("config check") != std::string::npos);
}


void CommandsTest::testPluginsCommand()
{
	auto env = base();
	env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
	int code = 0;
	const std::string output = runCommand({"plugins"}, env, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
	CPPUNIT_ASSERT(output.find("Loaded connectors (1):\n  test_good") != std::string::npos);
	CPPUNIT_ASSERT(output.find("Test connector 0.0.1 (SDK 1.0.0, ABI 1.0; source and destination; modes append updateOrCreate)") !=
		std::string::npos);
	CPPUNIT_ASSERT(output.find("Refused plugins (7):") != std::string::npos);
	CPPUNIT_ASSERT(output.find("  not_elf.so: it is not a shared library (no ELF header)") != std::string::npos);
	CPPUNIT_ASSERT(output.find("  duplicate_id.so: connector id 'test_good' is already provided by a_good.so") != std::string::npos);
}


CppUnit::Test* CommandsTest::suite()
{
	auto* suite = new CppUnit::TestSuite("CommandsTest");
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testConfigurationProblemsAllAtOnce);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testConfigCheck);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testCacheUrlDeprecationWarning);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testSecretsFromFiles);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testClientSecretsFromFiles);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testMigrateCommand);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testMigrateProcessesRace);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testUnknownCommand);
	POLYTOMIC_ADD_TEST(suite, CommandsTest, testPluginsCommand);
	return suite;
}
