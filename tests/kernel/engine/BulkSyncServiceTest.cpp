//
// BulkSyncServiceTest.cpp
//


#include "BulkSyncServiceTest.h"
#include "engine/BulkSyncService.h"
#include "engine/EngineError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::BulkSyncService;
using polytomic::engine::ValidationError;


namespace
{
	const std::string BASE = R"("name": "Shop", "source_connection_id": "a", "destination_connection_id": "b",
		"destination_configuration": {"schema": "warehouse"}, "schedule": {"frequency": "daily", "hour": "3", "minute": "15"})";


	engine::FieldErrors refusal(const std::string& body)
		/// The fields Input::fromJson refuses in {BASE, body} (none when it takes it).
	{
		try
		{
			BulkSyncService::Input::fromJson(json::Value::parse("{" + BASE + (body.empty() ? "" : ", " + body) + "}"));
		}
		catch (const ValidationError& e)
		{
			return e.fields();
		}
		return {};
	}
}


void BulkSyncServiceTest::testSdkCreateRequest()
{
	// The SDK's own example: no schemas (every object of the source), no mode (snapshot).
	const auto in = BulkSyncService::Input::fromJson(json::Value::parse("{" + BASE + "}"));
	CPPUNIT_ASSERT(in.schemas.isNull());
	CPPUNIT_ASSERT_EQUAL(std::string("snapshot"), in.mode);
	// What this server answers, sent back (a read, then a PUT of it), is taken.
	CPPUNIT_ASSERT(refusal(R"("policies": [], "source_configuration": {}, "automatically_add_new_fields": "all",
		"automatically_add_new_objects": "none", "discover": false, "normalize_names": "disabled", "disable_record_timestamps": true,
		"concurrency_limit": 4, "organization_id": "o")").empty());
	const auto listed = BulkSyncService::Input::fromJson(json::Value::parse("{" + BASE +
		R"(, "schemas": ["public.users", {"id": "public.orders", "enabled": false, "tracking_field": "updated_at"}]})"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), listed.schemas.size());
	CPPUNIT_ASSERT(listed.schemas[0].getBool("enabled", false));
	CPPUNIT_ASSERT(!listed.schemas[1].getBool("enabled", true));
	CPPUNIT_ASSERT_EQUAL(std::string("updated_at"), listed.schemas[1].getString("tracking_field"));
}


void BulkSyncServiceTest::testSettingsItCannotHonourAreRefused()
{
	// Each is refused by name, rather than stored and silently not done.
	const std::pair<const char*, const char*> cases[] = {
		{R"("policies": ["p1"])", "policies"},
		{R"("source_configuration": {"x": 1})", "source_configuration"},
		{R"("automatically_add_new_objects": "all")", "automatically_add_new_objects"},
		{R"("automatically_add_new_fields": "none")", "automatically_add_new_fields"},
		{R"("discover": true)", "discover"},
		{R"("normalize_names": "enabled")", "normalize_names"},
		{R"("disable_record_timestamps": false)", "disable_record_timestamps"},
		{R"("data_cutoff_timestamp": "2026-01-01T00:00:00Z")", "data_cutoff_timestamp"},
		{R"("concurrency_limit": 0)", "concurrency_limit"},
		{R"("schemas": [{"id": "public.users", "filters": [{"field_id": "id", "function": "IsNull"}]}])", "schemas[0].filters"},
		{R"("schemas": [{"id": "public.users", "partition_key": "id"}])", "schemas[0].partition_key"},
		{R"("schemas": ["public.a", {"id": "public.users", "fields": [{"id": "email", "obfuscate": true}]}])", "schemas[1].fields"},
		{R"("schemas": [{"name": "public.users"}])", "schemas[0]"},
		{R"("schemas": "public.users")", "schemas"},
	};
	for (const auto& [body, field]: cases)
	{
		const auto errors = refusal(body);
		CPPUNIT_ASSERT_MESSAGE(std::string(body) + " -> " + (errors.empty() ? "taken" : errors.begin()->first), errors.count(field) == 1);
		CPPUNIT_ASSERT(errors.at(field).size() > 10);
	}
}


void BulkSyncServiceTest::testSchemaSettings()
{
	engine::FieldErrors errors;
	const json::Value s = BulkSyncService::schemaFromJson(json::Value::parse(
		R"({"id": "public.orders", "fields": ["id", {"id": "amount", "enabled": true}, {"id": "note", "enabled": false}],
		"user_output_name": "sales", "filters": [], "disable_data_cutoff": true})"), "schema", errors);
	CPPUNIT_ASSERT(errors.empty());
	CPPUNIT_ASSERT_EQUAL(std::string(R"(["id","amount"])"), s["fields"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string("sales"), s.getString("user_output_name"));
	CPPUNIT_ASSERT(s.getBool("enabled", false));
	// An empty field list is every field (the SDK's UpdateBulkSchema), as is none.
	const json::Value all = BulkSyncService::schemaFromJson(json::Value::parse(R"({"id": "public.orders", "fields": []})"), "schema", errors);
	CPPUNIT_ASSERT(errors.empty());
	CPPUNIT_ASSERT(!all.has("fields"));
	BulkSyncService::schemaFromJson(json::Value::parse(R"({"id": "public.orders", "enabled": "yes"})"), "schema", errors);
	CPPUNIT_ASSERT(errors.count("schema.enabled"));
}


void BulkSyncServiceTest::testStartOptions()
{
	const auto empty = BulkSyncService::StartOptions::fromJson(json::Value::object());
	CPPUNIT_ASSERT_EQUAL(std::string("{}"), empty.toJson().dump());
	const auto some = BulkSyncService::StartOptions::fromJson(json::Value::parse(R"({"schemas": ["public.users"], "resync_mode": "resync", "fetch_mode": "none"})"));
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"schemas":["public.users"],"resync":true})"), some.toJson().dump());
	CPPUNIT_ASSERT(BulkSyncService::StartOptions::fromJson(json::Value::parse(R"({"test": true})")).test);
	for (const char* bad: {R"({"resync_mode": "rebuild"})", R"({"fetch_mode": "full"})", R"({"schemas": "public.users"})",
		R"({"schemas": [1]})", R"({"test": true, "resync": true})", R"({"resync": "yes"})"})
	{
		bool refused = false;
		try
		{
			BulkSyncService::StartOptions::fromJson(json::Value::parse(bad));
		}
		catch (const ValidationError&)
		{
			refused = true;
		}
		CPPUNIT_ASSERT_MESSAGE(bad, refused);
	}
}


CppUnit::Test* BulkSyncServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BulkSyncServiceTest");
	POLYTOMIC_ADD_TEST(suite, BulkSyncServiceTest, testSdkCreateRequest);
	POLYTOMIC_ADD_TEST(suite, BulkSyncServiceTest, testSettingsItCannotHonourAreRefused);
	POLYTOMIC_ADD_TEST(suite, BulkSyncServiceTest, testSchemaSettings);
	POLYTOMIC_ADD_TEST(suite, BulkSyncServiceTest, testStartOptions);
	return suite;
}
