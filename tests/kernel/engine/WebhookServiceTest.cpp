//
// WebhookServiceTest.cpp
//


#include "WebhookServiceTest.h"
#include "engine/WebhookService.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::WebhookService;


void WebhookServiceTest::testEventBodyInTheSdkShape()
{
	const std::string org = "0b7e5a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c";
	// A bulk sync's runner names it bulk_sync_id and name; the SDK's bulk events name it sync_id and sync_name.
	json::Value bulk = WebhookService::eventBody(org, "bulk_sync.completed",
		json::Value::parse(R"({"execution_id": "e", "bulk_sync_id": "b", "name": "Nightly", "status": "completed"})"));
	CPPUNIT_ASSERT_EQUAL(org, bulk.getString("organization_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("b"), bulk.getString("sync_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("Nightly"), bulk.getString("sync_name"));
	CPPUNIT_ASSERT_EQUAL(std::string("e"), bulk.getString("execution_id"));

	// A model sync's event has them already; nothing is renamed in it.
	json::Value sync = WebhookService::eventBody(org, "sync.failed",
		json::Value::parse(R"({"sync_id": "s", "sync_name": "Leads", "name": "not the sync's", "error": "boom"})"));
	CPPUNIT_ASSERT_EQUAL(std::string("Leads"), sync.getString("sync_name"));
	CPPUNIT_ASSERT_EQUAL(org, sync.getString("organization_id"));
	CPPUNIT_ASSERT(WebhookService::eventBody(org, "sync.running", json::Value()).isObject());
}


CppUnit::Test* WebhookServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WebhookServiceTest");
	POLYTOMIC_ADD_TEST(suite, WebhookServiceTest, testEventBodyInTheSdkShape);
	return suite;
}
