//
// ConnectionsApiTest.h
//


#ifndef ConnectionsApiTest_INCLUDED
#define ConnectionsApiTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ConnectionsApiTest: public CppUnit::TestFixture
{
public:
	void testLifecycle();
	void testValidation();
	void testSecretsRotation();
	void testSecretScope();

	static CppUnit::Test* suite();
};


#endif // ConnectionsApiTest_INCLUDED
