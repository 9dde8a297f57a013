//
// RoleTest.cpp
//


#include "RoleTest.h"
#include "auth/Role.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic::auth;


void RoleTest::testNames()
{
	CPPUNIT_ASSERT(parseRole("Admin") == Role::ADMIN);
	CPPUNIT_ASSERT(parseRole("member") == Role::MEMBER);
	CPPUNIT_ASSERT(parseRole("viewer") == Role::VIEWER);
	CPPUNIT_ASSERT(!parseRole("owner"));
	CPPUNIT_ASSERT_EQUAL(std::string("member"), roleName(Role::MEMBER));
	CPPUNIT_ASSERT(allows(Role::ADMIN, Role::MEMBER));
	CPPUNIT_ASSERT(allows(Role::MEMBER, Role::MEMBER));
	CPPUNIT_ASSERT(!allows(Role::VIEWER, Role::MEMBER));
	CPPUNIT_ASSERT(!allows(Role::MEMBER, Role::ADMIN));
}


void RoleTest::testRequiredRole()
{
	// Reads need a viewer, writes a member: also for routes added later by anyone.
	CPPUNIT_ASSERT(requiredRole("GET", "/api/connections/{id}") == Role::VIEWER);
	CPPUNIT_ASSERT(requiredRole("HEAD", "/api/syncs") == Role::VIEWER);
	CPPUNIT_ASSERT(requiredRole("POST", "/api/syncs/{id}/executions") == Role::MEMBER);
	CPPUNIT_ASSERT(requiredRole("PATCH", "/api/bulk/syncs/{id}/schemas") == Role::MEMBER);
	CPPUNIT_ASSERT(requiredRole("DELETE", "/api/models/{id}") == Role::MEMBER);
	CPPUNIT_ASSERT(requiredRole("POST", "/api/some/future/resource") == Role::MEMBER);
	// Users, keys, webhooks, settings, the audit log: admins only.
	CPPUNIT_ASSERT(requiredRole("GET", "/api/organization/users") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("DELETE", "/api/organization/users/{id}") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("POST", "/api/organizations/{org_id}/users/{id}/keys") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("GET", "/api/audit") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("PUT", "/api/settings/record-logs") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("GET", "/api/webhooks") == Role::ADMIN);
	// The organization itself may be read by anyone in it; a prefix is a whole segment.
	CPPUNIT_ASSERT(requiredRole("GET", "/api/organization") == Role::VIEWER);
	CPPUNIT_ASSERT(requiredRole("PUT", "/api/organization") == Role::ADMIN);
	CPPUNIT_ASSERT(requiredRole("GET", "/api/auditors") == Role::VIEWER);
	CPPUNIT_ASSERT(requiredRole("GET", "/api/me") == Role::VIEWER);
}


CppUnit::Test* RoleTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RoleTest");
	POLYTOMIC_ADD_TEST(suite, RoleTest, testNames);
	POLYTOMIC_ADD_TEST(suite, RoleTest, testRequiredRole);
	return suite;
}
