//
// IdTokenVerifierTest.h
//


#ifndef IdTokenVerifierTest_INCLUDED
#define IdTokenVerifierTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class IdTokenVerifierTest: public CppUnit::TestFixture
{
public:
	void testValidToken();
	void testEveryClaimIsChecked();
	void testSignatureAndAlgorithm();
	void testKeySet();

	static CppUnit::Test* suite();
};


#endif // IdTokenVerifierTest_INCLUDED
