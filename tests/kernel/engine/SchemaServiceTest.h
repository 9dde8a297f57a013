//
// SchemaServiceTest.h
//


#ifndef SchemaServiceTest_INCLUDED
#define SchemaServiceTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SchemaServiceTest: public CppUnit::TestFixture
{
public:
	void testPrimaryKeyOverride();
	void testUserFieldsAttached();
	void testNoOverrides();

	static CppUnit::Test* suite();
};


#endif // SchemaServiceTest_INCLUDED
