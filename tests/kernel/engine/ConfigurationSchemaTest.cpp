//
// ConfigurationSchemaTest.cpp
//


#include "ConfigurationSchemaTest.h"
#include "engine/ConfigurationSchema.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::ConfigurationSchema;


namespace
{
	ConfigurationSchema schema()
	{
		return ConfigurationSchema(json::Value::parse(R"({"type": "object", "required": ["host", "database"], "properties": {
			"host": {"type": "string", "minLength": 1},
			"port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 5432},
			"database": {"type": "string"},
			"password": {"type": "string", "secret": true},
			"ssl_mode": {"type": "string", "enum": ["disable", "require"]},
			"ssl": {"type": ["boolean", "null"]}}})"));
	}
}


void ConfigurationSchemaTest::testValidConfiguration()
{
	const auto errors = schema().validate(json::Value::parse(R"({"host": "db", "database": "x", "port": 6432, "ssl_mode": "require", "ssl": null})"));
	CPPUNIT_ASSERT(errors.empty());
}


void ConfigurationSchemaTest::testEveryKindOfProblem()
{
	const auto errors = schema().validate(json::Value::parse(R"({"host": "", "port": 70000, "ssl_mode": "sometimes", "ssl": "yes",
		"hots": "typo"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("is required"), errors.at("host"));
	CPPUNIT_ASSERT_EQUAL(std::string("is required"), errors.at("database"));
	CPPUNIT_ASSERT_EQUAL(std::string("must be at most 65535"), errors.at("port"));
	CPPUNIT_ASSERT_EQUAL(std::string("must be one of disable, require"), errors.at("ssl_mode"));
	CPPUNIT_ASSERT_EQUAL(std::string("must be a boolean or null"), errors.at("ssl"));
	CPPUNIT_ASSERT_EQUAL(std::string("is not a field of this connection type"), errors.at("hots"));
	CPPUNIT_ASSERT_EQUAL(std::string("must be a whole number"), schema().validate(json::Value::parse(R"({"host": "h", "database": "d", "port": "5432"})")).at("port"));
	CPPUNIT_ASSERT_EQUAL(std::string("must be an object"), schema().validate(json::Value::parse("[]")).at("configuration"));
}


void ConfigurationSchemaTest::testSecretsAndDefaults()
{
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), schema().secretFields().size());
	CPPUNIT_ASSERT(schema().secretFields().count("password"));
	CPPUNIT_ASSERT_EQUAL(int64_t(5432), schema().withDefaults(json::Value::object())["port"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(1), schema().withDefaults(json::Value::parse(R"({"port": 1})"))["port"].asInt64());
}


void ConfigurationSchemaTest::testSecretScope()
{
	// Marked: only the fields marked "secret_scope" say where the secrets go.
	const ConfigurationSchema marked(json::Value::parse(R"({"type": "object", "properties": {
		"host": {"type": "string", "secret_scope": true},
		"port": {"type": "integer", "default": 5432, "secret_scope": true},
		"url": {"type": "string", "secret": true, "secret_scope": true},
		"password": {"type": "string", "secret": true},
		"batch_size": {"type": "integer"}}})"));
	CPPUNIT_ASSERT((marked.secretScope() == std::set<std::string>{"host", "port", "url"}));
	const json::Value stored = json::Value::parse(R"({"host": "db", "password": "p", "batch_size": 10})");
	CPPUNIT_ASSERT(marked.changedScope(stored, json::Value::parse(R"({"host": "db", "port": 5432, "batch_size": 99})")).empty());
	CPPUNIT_ASSERT((marked.changedScope(stored, json::Value::parse(R"({"host": "evil", "port": 6432})")) ==
		std::vector<std::string>{"host", "port"}));
	CPPUNIT_ASSERT((marked.changedScope(stored, json::Value::parse(R"({"host": "db", "url": "postgres://evil/x"})")) ==
		std::vector<std::string>{"url"}));
	CPPUNIT_ASSERT((marked.changedScope(stored, json::Value::parse(R"({"password": "p"})")) == std::vector<std::string>{"host"}));

	// Unmarked: every field that is not secret, to be safe.
	CPPUNIT_ASSERT((schema().secretScope() == std::set<std::string>{"host", "port", "database", "ssl_mode", "ssl"}));
	CPPUNIT_ASSERT((schema().changedScope(json::Value::parse(R"({"host": "db", "ssl": true})"), json::Value::parse(R"({"host": "db"})")) ==
		std::vector<std::string>{"ssl"}));
}


CppUnit::Test* ConfigurationSchemaTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ConfigurationSchemaTest");
	POLYTOMIC_ADD_TEST(suite, ConfigurationSchemaTest, testValidConfiguration);
	POLYTOMIC_ADD_TEST(suite, ConfigurationSchemaTest, testEveryKindOfProblem);
	POLYTOMIC_ADD_TEST(suite, ConfigurationSchemaTest, testSecretsAndDefaults);
	POLYTOMIC_ADD_TEST(suite, ConfigurationSchemaTest, testSecretScope);
	return suite;
}
