//
// ConnectionServiceTest.cpp
//


#include "ConnectionServiceTest.h"
#include "engine/ConnectionService.h"
#include "engine/EngineError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::ConfigurationSchema;
using polytomic::engine::ConnectionService;


namespace
{
	ConfigurationSchema schema()
		/// A connector's configuration as PostgreSQL's looks: free text, a number with a default, an enum, a flag, a secret.
	{
		return ConfigurationSchema(json::Value::parse(R"({"type": "object", "properties": {
			"host": {"type": "string"},
			"port": {"type": "integer", "default": 5432},
			"ssl_mode": {"type": "string", "enum": ["disable", "require", "verify-full"], "default": "require"},
			"replicas": {"type": "boolean"},
			"password": {"type": "string", "secret": true}}})"));
	}


	std::string valuesOf(const json::Value& answer, const std::string& field)
	{
		std::string out;
		for (const auto& v: answer[field]["values"].items()) out += (out.empty() ? "" : ",") + v["value"].dump();
		return out;
	}
}


void ConnectionServiceTest::testClosedChoices()
{
	const json::Value answer = ConnectionService::parameterValuesOf(schema(), json::Value::object(), "ssl_mode");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), answer.size());
	CPPUNIT_ASSERT_EQUAL(std::string("\"disable\",\"require\",\"verify-full\""), valuesOf(answer, "ssl_mode"));
	CPPUNIT_ASSERT(!answer["ssl_mode"].getBool("allows_creation", true));
	CPPUNIT_ASSERT_EQUAL(std::string("require"), answer["ssl_mode"]["values"][1].getString("label"));
	const json::Value flag = ConnectionService::parameterValuesOf(schema(), json::Value::object(), "replicas");
	CPPUNIT_ASSERT_EQUAL(std::string("true,false"), valuesOf(flag, "replicas"));
	CPPUNIT_ASSERT(!flag["replicas"].getBool("allows_creation", true));
}


void ConnectionServiceTest::testOpenFieldsOfferDefaultAndCurrent()
{
	const json::Value configuration = json::Value::parse(R"({"host": "db.internal", "port": 6543})");
	const json::Value all = ConnectionService::parameterValuesOf(schema(), configuration, "");
	CPPUNIT_ASSERT_EQUAL(std::string("\"db.internal\""), valuesOf(all, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("5432,6543"), valuesOf(all, "port"));
	CPPUNIT_ASSERT(all["host"].getBool("allows_creation", false));
	// The current value that is the default is offered once.
	const json::Value same = ConnectionService::parameterValuesOf(schema(), json::Value::parse(R"({"port": 5432})"), "port");
	CPPUNIT_ASSERT_EQUAL(std::string("5432"), valuesOf(same, "port"));
	CPPUNIT_ASSERT_EQUAL(std::string(""), valuesOf(ConnectionService::parameterValuesOf(schema(), json::Value::object(), "host"), "host"));
}


void ConnectionServiceTest::testSecretsNeverListed()
{
	const json::Value all = ConnectionService::parameterValuesOf(schema(), json::Value::parse(R"({"password": "hunter2"})"), "");
	CPPUNIT_ASSERT(!all.has("password"));
	CPPUNIT_ASSERT(all.dump().find("hunter2") == std::string::npos);
	CPPUNIT_ASSERT_THROW(ConnectionService::parameterValuesOf(schema(), json::Value::object(), "password"), engine::ValidationError);
}


void ConnectionServiceTest::testUnknownField()
{
	try
	{
		ConnectionService::parameterValuesOf(schema(), json::Value::object(), "hostname");
		CPPUNIT_FAIL("an unknown field was listed");
	}
	catch (const engine::ValidationError& e)
	{
		CPPUNIT_ASSERT(std::string(e.what()).find("'hostname'") != std::string::npos);
		CPPUNIT_ASSERT(e.fields().count("field"));
	}
}


CppUnit::Test* ConnectionServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ConnectionServiceTest");
	POLYTOMIC_ADD_TEST(suite, ConnectionServiceTest, testClosedChoices);
	POLYTOMIC_ADD_TEST(suite, ConnectionServiceTest, testOpenFieldsOfferDefaultAndCurrent);
	POLYTOMIC_ADD_TEST(suite, ConnectionServiceTest, testSecretsNeverListed);
	POLYTOMIC_ADD_TEST(suite, ConnectionServiceTest, testUnknownField);
	return suite;
}
