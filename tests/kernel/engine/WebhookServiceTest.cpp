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


void WebhookServiceTest::testSignatureIsHmacSha256Hex()
{
	// RFC 4231 test cases 2 and 6 (a key longer than the 64-byte block is hashed first).
	CPPUNIT_ASSERT_EQUAL(std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
		polytomic::engine::WebhookService::signature("Jefe", "what do ya want for nothing?"));
	CPPUNIT_ASSERT_EQUAL(std::string("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
		polytomic::engine::WebhookService::signature(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"));
}


CppUnit::Test* WebhookServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WebhookServiceTest");
	POLYTOMIC_ADD_TEST(suite, WebhookServiceTest, testEventBodyInTheSdkShape);
	POLYTOMIC_ADD_TEST(suite, WebhookServiceTest, testSignatureIsHmacSha256Hex);
	return suite;
}
