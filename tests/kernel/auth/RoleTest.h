//
// RoleTest.h
//


#ifndef RoleTest_INCLUDED
#define RoleTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RoleTest: public CppUnit::TestFixture
{
public:
	void testNames();
	void testRequiredRole();

	static CppUnit::Test* suite();
};


#endif // RoleTest_INCLUDED
