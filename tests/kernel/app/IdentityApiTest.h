//
// IdentityApiTest.h
//


#ifndef IdentityApiTest_INCLUDED
#define IdentityApiTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class IdentityApiTest: public CppUnit::TestFixture
{
public:
	void testMeAndUsers();
	void testKeysHashedAtRest();
	void testRoleMatrix();
	void testLastAdmin();
	void testAuditTrail();
	void testFailedKeysRateLimited();
	void testOrganizations();
	void testBuiltInRoles();

	static CppUnit::Test* suite();
};


#endif // IdentityApiTest_INCLUDED
