//
// AuditTrailTest.cpp
//


#include "AuditTrailTest.h"
#include "http/AuditTrail.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::http::AuditTrail;


void AuditTrailTest::testActionNames()
{
	CPPUNIT_ASSERT_EQUAL(std::string("connection.create"), AuditTrail::actionOf("POST", "/api/connections"));
	CPPUNIT_ASSERT_EQUAL(std::string("connection.update"), AuditTrail::actionOf("PUT", "/api/connections/{id}"));
	CPPUNIT_ASSERT_EQUAL(std::string("connection.delete"), AuditTrail::actionOf("DELETE", "/api/connections/{id}"));
	CPPUNIT_ASSERT_EQUAL(std::string("connection.test"), AuditTrail::actionOf("POST", "/api/connections/test"));
	CPPUNIT_ASSERT_EQUAL(std::string("bulk_sync.create"), AuditTrail::actionOf("POST", "/api/bulk/syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("bulk_sync.execution.create"), AuditTrail::actionOf("POST", "/api/bulk/syncs/{id}/executions"));
	CPPUNIT_ASSERT_EQUAL(std::string("bulk_sync.schema.update"), AuditTrail::actionOf("PATCH", "/api/bulk/syncs/{id}/schemas"));
	CPPUNIT_ASSERT_EQUAL(std::string("sync.activate"), AuditTrail::actionOf("POST", "/api/syncs/{id}/activate"));
	CPPUNIT_ASSERT_EQUAL(std::string("sync.execution.cancel"), AuditTrail::actionOf("POST", "/api/syncs/{sync_id}/executions/{id}/cancel"));
	CPPUNIT_ASSERT_EQUAL(std::string("model.delete"), AuditTrail::actionOf("DELETE", "/api/models/{id}"));
	CPPUNIT_ASSERT_EQUAL(std::string("model_preview.create"), AuditTrail::actionOf("POST", "/api/model-preview"));
	CPPUNIT_ASSERT_EQUAL(std::string("user.create"), AuditTrail::actionOf("POST", "/api/organization/users"));
	CPPUNIT_ASSERT_EQUAL(std::string("user.update"), AuditTrail::actionOf("PUT", "/api/organizations/{org_id}/users/{id}"));
	CPPUNIT_ASSERT_EQUAL(std::string("user.key.create"), AuditTrail::actionOf("POST", "/api/organizations/{org_id}/users/{id}/keys"));
	CPPUNIT_ASSERT_EQUAL(std::string("organization.key.create"), AuditTrail::actionOf("POST", "/api/organization/keys"));
	CPPUNIT_ASSERT_EQUAL(std::string("webhook.update"), AuditTrail::actionOf("PUT", "/api/webhooks/{id}"));
	CPPUNIT_ASSERT_EQUAL(std::string("connection.schema.refresh"), AuditTrail::actionOf("POST", "/api/connections/{id}/schemas/refresh"));
}


void AuditTrailTest::testStatusOfErrors()
{
	using namespace polytomic;
	CPPUNIT_ASSERT_EQUAL(418, AuditTrail::statusOf(std::make_exception_ptr(http::HttpError(418, "teapot", "short and stout"))));
	CPPUNIT_ASSERT_EQUAL(400, AuditTrail::statusOf(std::make_exception_ptr(engine::ValidationError("bad"))));
	CPPUNIT_ASSERT_EQUAL(404, AuditTrail::statusOf(std::make_exception_ptr(engine::NotFound("gone"))));
	CPPUNIT_ASSERT_EQUAL(409, AuditTrail::statusOf(std::make_exception_ptr(engine::Conflict("busy"))));
	CPPUNIT_ASSERT_EQUAL(422, AuditTrail::statusOf(std::make_exception_ptr(engine::InUse("used"))));
	CPPUNIT_ASSERT_EQUAL(500, AuditTrail::statusOf(std::make_exception_ptr(std::runtime_error("boom"))));
}


CppUnit::Test* AuditTrailTest::suite()
{
	auto* suite = new CppUnit::TestSuite("AuditTrailTest");
	POLYTOMIC_ADD_TEST(suite, AuditTrailTest, testActionNames);
	POLYTOMIC_ADD_TEST(suite, AuditTrailTest, testStatusOfErrors);
	return suite;
}
