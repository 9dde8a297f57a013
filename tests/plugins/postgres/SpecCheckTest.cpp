//
// SpecCheckTest.cpp
//


#include "SpecCheckTest.h"
#include "PostgresHarness.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <unistd.h>


using polytomic::json::Value;
using polytomic::plugins::ConnectorError;
using polytomic::test::TestDatabase;
using polytomic::test::TestEnvironment;


namespace
{
	std::string checkError(PostgresHarness& harness, const Value& config)
	{
		try
		{
			harness.session().check(config);
		}
		catch (const ConnectorError& e)
		{
			return e.what();
		}
		return "<no error>";
	}


	bool contains(const std::string& text, const std::string& part)
	{
		return text.find(part) != std::string::npos;
	}


	int filesIn(const std::string& dir)
	{
		int n = 0;
		DIR* d = ::opendir(dir.c_str());
		if (!d) return -1;
		while (dirent* e = ::readdir(d))
			if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++n;
		::closedir(d);
		return n;
	}
}


void SpecCheckTest::testManifest()
{
	PostgresHarness harness;
	const auto& m = harness.manifest();
	CPPUNIT_ASSERT_EQUAL(std::string("postgresql"), m.id);
	CPPUNIT_ASSERT_EQUAL(std::string("PostgreSQL"), m.name);
	CPPUNIT_ASSERT_EQUAL(POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION | POLYTOMIC_CAP_QUERY, m.capabilities);
	CPPUNIT_ASSERT_EQUAL(0x7Fu, m.writeModes);
}


void SpecCheckTest::testSpec()
{
	PostgresHarness harness;
	const Value spec = harness.session().spec();
	const Value& schema = spec["configuration"];
	CPPUNIT_ASSERT_EQUAL(std::string("object"), schema.getString("type"));
	CPPUNIT_ASSERT(schema["required"].isArray());
	const Value& properties = schema["properties"];
	CPPUNIT_ASSERT(properties.isObject());
	for (const char* name: {"host", "port", "database", "username", "password", "ssl_mode", "ca_certificate", "connection_url",
			 "statement_timeout"})
	{
		const Value& p = properties[name];
		CPPUNIT_ASSERT_MESSAGE(name, p.isObject());
		CPPUNIT_ASSERT_MESSAGE(name, p["type"].isString());
		CPPUNIT_ASSERT_MESSAGE(name, !p.getString("title").empty());
		CPPUNIT_ASSERT_MESSAGE(name, !p.getString("description").empty());
	}
	CPPUNIT_ASSERT_EQUAL(properties.size(), std::size_t(9));
	// Where the password goes: a stored one is reused only while all of these are unchanged.
	for (const char* name: {"host", "port", "database", "username", "ssl_mode", "ca_certificate", "connection_url"})
		CPPUNIT_ASSERT_MESSAGE(name, properties[name].getBool("secret_scope", false));
	CPPUNIT_ASSERT(!properties["password"].has("secret_scope"));
	CPPUNIT_ASSERT(!properties["statement_timeout"].has("secret_scope"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1800), properties["statement_timeout"].getInt64("default", 0));
	CPPUNIT_ASSERT(properties["password"].getBool("secret", false));
	CPPUNIT_ASSERT(properties["connection_url"].getBool("secret", false));
	CPPUNIT_ASSERT(properties["ca_certificate"]["secret"].isBool() && !properties["ca_certificate"]["secret"].asBool());
	CPPUNIT_ASSERT(!properties["host"].getBool("secret", false));
	CPPUNIT_ASSERT_EQUAL(int64_t(5432), properties["port"].getInt64("default", 0));
	CPPUNIT_ASSERT_EQUAL(std::string("integer"), properties["port"].getString("type"));
	const Value& modes = properties["ssl_mode"]["enum"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), modes.size());
	CPPUNIT_ASSERT_EQUAL(std::string("disable"), modes[0].asString());
	CPPUNIT_ASSERT_EQUAL(std::string("verify-full"), modes[5].asString());
	// Either the separate fields or a URL.
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), schema["anyOf"].size());
}


void SpecCheckTest::testCheckPasses()
{
	TestDatabase db("pgcheck");
	PostgresHarness harness;
	harness.session().check(PostgresHarness::config(db));
	Value config = PostgresHarness::config(db);
	config.set("port", TestEnvironment::require("POLYTOMIC_TEST_PG_PORT"));
	config.set("ssl_mode", "prefer");
	config.set("password", "ignored-by-trust-auth");
	harness.session().check(config);
}


void SpecCheckTest::testCheckPassesWithConnectionUrl()
{
	TestDatabase db("pgcheckurl");
	PostgresHarness harness;
	Value config = Value::object();
	config.set("connection_url", db.url() + "?sslmode=disable");
	harness.session().check(config);
	// A field given beside the URL overrides its part.
	config.set("database", "no_such_database_here");
	const std::string error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "no_such_database_here"));
}


void SpecCheckTest::testCheckWrongPort()
{
	TestDatabase db("pgcheckport");
	PostgresHarness harness;
	Value config = PostgresHarness::config(db);
	const unsigned port = TestEnvironment::freePort();
	config.set("port", static_cast<long long>(port));
	config.set("password", "Pw-Secret-4711");
	const std::string error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "cannot reach"));
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, std::to_string(port)));
	CPPUNIT_ASSERT_MESSAGE(error, !contains(error, "Pw-Secret-4711"));
}


void SpecCheckTest::testCheckWrongDatabase()
{
	TestDatabase db("pgcheckdb");
	PostgresHarness harness;
	Value config = PostgresHarness::config(db);
	config.set("database", "missing_db_" + db.name());
	config.set("password", "Pw-Secret-4711");
	const std::string error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "database \"missing_db_" + db.name() + "\" does not exist"));
	CPPUNIT_ASSERT_MESSAGE(error, !contains(error, "Pw-Secret-4711"));
}


void SpecCheckTest::testCheckUrlPasswordNeverEchoed()
{
	PostgresHarness harness;
	Value config = Value::object();
	const unsigned port = TestEnvironment::freePort();
	config.set("connection_url", "postgres://someone:Url-Secret-99@127.0.0.1:" + std::to_string(port) + "/db");
	std::string error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "cannot reach"));
	CPPUNIT_ASSERT_MESSAGE(error, !contains(error, "Url-Secret-99"));
	// A URL libpq cannot parse: its message quotes the bad token, here the password.
	config.set("connection_url", "postgres://someone:Url%zzSecret99@127.0.0.1:" + std::to_string(port) + "/db");
	error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "connection_url"));
	CPPUNIT_ASSERT_MESSAGE(error, !contains(error, "zzSecret99"));
}


void SpecCheckTest::testInvalidConfiguration()
{
	TestDatabase db("pgcheckbad");
	PostgresHarness harness;
	Value config = PostgresHarness::config(db);
	config.set("host", "");
	CPPUNIT_ASSERT(contains(checkError(harness, config), "host"));
	config = PostgresHarness::config(db);
	config.set("ssl_mode", "sometimes");
	CPPUNIT_ASSERT(contains(checkError(harness, config), "ssl_mode"));
	config = PostgresHarness::config(db);
	config.set("port", 70000);
	CPPUNIT_ASSERT(contains(checkError(harness, config), "port"));
	config = PostgresHarness::config(db);
	config.set("ca_certificate", "not a certificate");
	CPPUNIT_ASSERT(contains(checkError(harness, config), "ca_certificate"));
	// The test server has SSL off: require fails, naming SSL.
	config = PostgresHarness::config(db);
	config.set("ssl_mode", "require");
	const std::string error = checkError(harness, config);
	CPPUNIT_ASSERT_MESSAGE(error, contains(error, "SSL"));
}


void SpecCheckTest::testCaCertificateFileRemoved()
{
	TestDatabase db("pgcheckca");
	std::ifstream in(TestEnvironment::require("POLYTOMIC_TEST_TLS_CA"));
	std::stringstream pem;
	pem << in.rdbuf();
	CPPUNIT_ASSERT(pem.str().find("-----BEGIN") != std::string::npos);

	char pattern[] = "/tmp/pgca-test-XXXXXX";
	const std::string dir = ::mkdtemp(pattern);
	const char* old = std::getenv("TMPDIR");
	const std::string saved = old ? old : "";
	::setenv("TMPDIR", dir.c_str(), 1);
	PostgresHarness harness;
	Value config = PostgresHarness::config(db);
	config.set("ssl_mode", "prefer");
	config.set("ca_certificate", pem.str());
	std::string error = "<no error>";
	try
	{
		harness.session().check(config);
	}
	catch (const std::exception& e)
	{
		error = e.what();
	}
	const int left = filesIn(dir);
	// Where no file can be written, the check says so: the certificate does go through a file.
	::setenv("TMPDIR", (dir + "/missing").c_str(), 1);
	const std::string noFile = checkError(harness, config);
	if (old) ::setenv("TMPDIR", saved.c_str(), 1);
	else ::unsetenv("TMPDIR");
	::rmdir(dir.c_str());
	CPPUNIT_ASSERT_EQUAL(std::string("<no error>"), error);
	CPPUNIT_ASSERT_EQUAL(0, left);
	CPPUNIT_ASSERT_MESSAGE(noFile, contains(noFile, "temporary file"));
}


CppUnit::Test* SpecCheckTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SpecCheckTest");
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testManifest);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testSpec);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCheckPasses);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCheckPassesWithConnectionUrl);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCheckWrongPort);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCheckWrongDatabase);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCheckUrlPasswordNeverEchoed);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testInvalidConfiguration);
	POLYTOMIC_ADD_TEST(suite, SpecCheckTest, testCaCertificateFileRemoved);
	return suite;
}
