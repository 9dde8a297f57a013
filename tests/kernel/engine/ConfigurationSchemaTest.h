//
// ConfigurationSchemaTest.h
//


#ifndef ConfigurationSchemaTest_INCLUDED
#define ConfigurationSchemaTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ConfigurationSchemaTest: public CppUnit::TestFixture
{
public:
	void testValidConfiguration();
	void testEveryKindOfProblem();
	void testSecretsAndDefaults();
	void testSecretScope();

	static CppUnit::Test* suite();
};


#endif // ConfigurationSchemaTest_INCLUDED
