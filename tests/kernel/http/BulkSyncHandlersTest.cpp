//
// BulkSyncHandlersTest.cpp
//


#include "BulkSyncHandlersTest.h"
#include "http/BulkSyncHandlers.h"
#include "http/HttpError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <set>


using namespace polytomic;
using polytomic::http::BulkSyncHandlers;


namespace
{
	// The SDK's BulkExecutionStatus and BulkSchemaExecutionStatus (polytomic 1.18.1).
	const std::set<std::string> EXECUTION_STATUSES = {"created", "scheduled", "running", "exporting", "canceling", "canceled", "completed",
		"failed", "processing", "errors", "interrupted"};
	const std::set<std::string> SCHEMA_STATUSES = {"created", "scheduled", "running", "exporting", "canceled", "completed", "failed",
		"interrupted", "processing"};
	// Every status an execution and an object of it may have here (migration 003, BulkSyncRunner).
	const char* const OUR_EXECUTION_STATUSES[] = {"created", "scheduled", "queued", "running", "processing", "canceling", "canceled",
		"completed", "failed", "interrupted"};
	const char* const OUR_SCHEMA_STATUSES[] = {"running", "completed", "completed_with_errors", "failed", "canceled"};
}


void BulkSyncHandlersTest::testStatusesAreTheSdks()
{
	for (const char* status: OUR_EXECUTION_STATUSES)
		CPPUNIT_ASSERT_MESSAGE(status, EXECUTION_STATUSES.count(BulkSyncHandlers::executionStatus(status)));
	for (const char* status: OUR_SCHEMA_STATUSES)
		CPPUNIT_ASSERT_MESSAGE(status, SCHEMA_STATUSES.count(BulkSyncHandlers::schemaStatus(status)));
	CPPUNIT_ASSERT_EQUAL(std::string("scheduled"), BulkSyncHandlers::executionStatus("queued"));
	CPPUNIT_ASSERT_EQUAL(std::string("completed"), BulkSyncHandlers::schemaStatus("completed_with_errors"));
}


void BulkSyncHandlersTest::testExecutionCountsPerSchema()
{
	store::ExecutionRecord e;
	e.id = "e1";
	e.parentId = "s1";
	e.status = "completed";
	e.trigger = "manual";
	e.createdAt = "2026-01-01T00:00:00Z";
	e.startedAt = "2026-01-01T00:00:01Z";
	e.completedAt = "2026-01-01T00:00:09Z";
	e.options = R"({"schemas": ["public.users", "public.orders"], "resync": true})";
	e.detail = R"([{"id": "public.users", "status": "completed", "records": 3, "errors": 0, "output_name": "people",
		"started_at": "2026-01-01T00:00:02Z", "completed_at": "2026-01-01T00:00:04Z"},
		{"id": "public.orders", "status": "completed_with_errors", "records": 5, "errors": 2}])";
	const json::Value out = BulkSyncHandlers::executionJson(e);
	CPPUNIT_ASSERT_EQUAL(8LL, static_cast<long long>(out.getInt64("record_count", -1)));
	CPPUNIT_ASSERT_EQUAL(2LL, static_cast<long long>(out.getInt64("error_count", -1)));
	CPPUNIT_ASSERT(out.getBool("is_resync", false));
	CPPUNIT_ASSERT(out.getBool("is_partial", false));
	CPPUNIT_ASSERT(!out.getBool("is_test", true));
	const json::Value& schemas = out["schemas"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), schemas.size());
	CPPUNIT_ASSERT_EQUAL(std::string("public.users"), schemas[0].getString("schema"));
	CPPUNIT_ASSERT_EQUAL(std::string("people"), schemas[0].getString("output_name"));
	CPPUNIT_ASSERT_EQUAL(3LL, static_cast<long long>(schemas[0].getInt64("record_count", -1)));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:04Z"), schemas[0].getString("completed_at"));
	CPPUNIT_ASSERT_EQUAL(std::string("completed"), schemas[1].getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("orders"), schemas[1].getString("output_name"));
	CPPUNIT_ASSERT_EQUAL(2LL, static_cast<long long>(schemas[1].getInt64("error_count", -1)));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:09Z"), out.getString("updated_at"));
}


void BulkSyncHandlersTest::testExecutionLeavesOutWhatItLacks()
{
	// The SDK's optional fields have no null: a queued run has no start, no end, no message.
	store::ExecutionRecord e;
	e.id = "e1";
	e.parentId = "s1";
	e.status = "queued";
	e.createdAt = "2026-01-01T00:00:00Z";
	e.detail = "[]";
	const json::Value out = BulkSyncHandlers::executionJson(e);
	CPPUNIT_ASSERT_EQUAL(std::string("scheduled"), out.getString("status"));
	for (const char* key: {"started_at", "completed_at", "status_message"})
		CPPUNIT_ASSERT_MESSAGE(key, !out.has(key));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:00Z"), out.getString("updated_at"));
	e.detail = "{}";  // a record written before schemas were an array
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), BulkSyncHandlers::executionJson(e)["schemas"].size());
}


void BulkSyncHandlersTest::testScheduleFieldsAreStrings()
{
	const json::Value out = BulkSyncHandlers::scheduleJson(json::Value::parse(R"({"frequency": "weekly", "minute": 5, "hour": "6", "day_of_week": 1})"));
	CPPUNIT_ASSERT_EQUAL(std::string("5"), out.getString("minute"));
	CPPUNIT_ASSERT_EQUAL(std::string("6"), out.getString("hour"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), out.getString("day_of_week"));
	CPPUNIT_ASSERT_EQUAL(std::string("manual"), BulkSyncHandlers::scheduleJson(json::Value::object()).getString("frequency"));
}


void BulkSyncHandlersTest::testScheduleFromSdk()
{
	const json::Value ours = BulkSyncHandlers::scheduleFromSdk(json::Value::parse(
		R"({"frequency": "custom", "minute": "*/15", "hour": "9-17", "dayOfMonth": "*", "month": "*", "dayOfWeek": "1-5", "selectiveMode": "none"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("custom"), ours.getString("frequency"));
	CPPUNIT_ASSERT_EQUAL(std::string("1-5"), ours.getString("day_of_week"));
	CPPUNIT_ASSERT_EQUAL(std::string("*"), ours.getString("day_of_month"));
	CPPUNIT_ASSERT(!ours.has("dayOfWeek") && !ours.has("selectiveMode"));
	int refused = 0;
	for (const char* bad: {R"("daily")", R"({"frequency": "daily", "selectiveMode": "incrementalFields"})"})
		try
		{
			BulkSyncHandlers::scheduleFromSdk(json::Value::parse(bad));
		}
		catch (const http::HttpError& e)
		{
			CPPUNIT_ASSERT_EQUAL(400, e.status());
			++refused;
		}
	CPPUNIT_ASSERT_EQUAL(2, refused);
}


CppUnit::Test* BulkSyncHandlersTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BulkSyncHandlersTest");
	POLYTOMIC_ADD_TEST(suite, BulkSyncHandlersTest, testStatusesAreTheSdks);
	POLYTOMIC_ADD_TEST(suite, BulkSyncHandlersTest, testExecutionCountsPerSchema);
	POLYTOMIC_ADD_TEST(suite, BulkSyncHandlersTest, testExecutionLeavesOutWhatItLacks);
	POLYTOMIC_ADD_TEST(suite, BulkSyncHandlersTest, testScheduleFieldsAreStrings);
	POLYTOMIC_ADD_TEST(suite, BulkSyncHandlersTest, testScheduleFromSdk);
	return suite;
}
