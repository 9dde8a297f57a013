//
// LicenseVerifierTest.h
//


#ifndef LicenseVerifierTest_INCLUDED
#define LicenseVerifierTest_INCLUDED


#include "license/LicenseIssuer.h"
#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicenseVerifierTest: public CppUnit::TestFixture
{
public:
	void setUp() override;

	void testValid();
	void testSurroundingWhitespaceIgnored();
	void testForged();
	void testSignedWithAnotherKey();
	void testNotSignedWithES256();
	void testMalformed();
	void testMissingClaims();
	void testClaimsOfTheWrongType();
	void testWrongIssuer();
	void testWrongDeployment();
	void testExpiredInGrace();
	void testPastGrace();
	void testIssuedInTheFuture();
	void testEntitlementsAbsent();
	void testEntitlements();
	void testBadPublicKey();
	void testVendorPublicKey();

	static CppUnit::Test* suite();

private:
	polytomic::license::LicenseIssuer::KeyPair _keys;
};


#endif // LicenseVerifierTest_INCLUDED
