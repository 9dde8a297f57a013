//
// SchemaServiceTest.cpp
//


#include "SchemaServiceTest.h"
#include "engine/SchemaService.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::SchemaService;
using polytomic::store::SchemaOverride;


namespace
{
	const json::Value CATALOG = json::Value::parse(R"({"objects": [
		{"id": "public.people", "name": "people", "fields": [{"name": "id"}, {"name": "email"}], "primary_key": ["id"]},
		{"id": "public.events", "name": "events", "fields": [{"name": "code"}], "primary_key": []}]})");


	const json::Value& objectNamed(const json::Value& catalog, const std::string& id)
	{
		for (const auto& o: catalog["objects"].items())
			if (o.getString("id") == id) return o;
		throw std::runtime_error("no object " + id);
	}
}


void SchemaServiceTest::testPrimaryKeyOverride()
{
	SchemaOverride people;
	people.schemaId = "public.people";
	people.primaryKey = R"(["email", "id"])";
	const json::Value served = SchemaService::withOverrides(CATALOG, {people});
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["email","id"])"), objectNamed(served, "public.people")["primary_key"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["id"])"), objectNamed(served, "public.people")["discovered_primary_key"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string("[]"), objectNamed(served, "public.events")["primary_key"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["id"])"), objectNamed(CATALOG, "public.people")["primary_key"].dump());
}


void SchemaServiceTest::testUserFieldsAttached()
{
	SchemaOverride events;
	events.schemaId = "public.events";
	events.userFields = R"([{"field_id": "kind", "label": "Kind", "type": "string"}])";
	const json::Value served = SchemaService::withOverrides(CATALOG, {events});
	const json::Value& object = objectNamed(served, "public.events");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), object["user_fields"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("kind"), object["user_fields"][0].getString("field_id"));
	// Fields users define are not discovered fields: a read of the source never asks for them.
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), object["fields"].size());
	CPPUNIT_ASSERT(!object.has("discovered_primary_key"));
	CPPUNIT_ASSERT(!objectNamed(served, "public.people").has("user_fields"));
}


void SchemaServiceTest::testNoOverrides()
{
	CPPUNIT_ASSERT_EQUAL(CATALOG.dump(), SchemaService::withOverrides(CATALOG, {}).dump());
	SchemaOverride gone;
	gone.schemaId = "public.dropped";
	gone.primaryKey = R"(["x"])";
	CPPUNIT_ASSERT_EQUAL(CATALOG.dump(), SchemaService::withOverrides(CATALOG, {gone}).dump());
}


CppUnit::Test* SchemaServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SchemaServiceTest");
	POLYTOMIC_ADD_TEST(suite, SchemaServiceTest, testPrimaryKeyOverride);
	POLYTOMIC_ADD_TEST(suite, SchemaServiceTest, testUserFieldsAttached);
	POLYTOMIC_ADD_TEST(suite, SchemaServiceTest, testNoOverrides);
	return suite;
}
