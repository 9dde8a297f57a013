//
// AuditTrailTest.h
//


#ifndef AuditTrailTest_INCLUDED
#define AuditTrailTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class AuditTrailTest: public CppUnit::TestFixture
{
public:
	void testActionNames();
	void testStatusOfErrors();

	static CppUnit::Test* suite();
};


#endif // AuditTrailTest_INCLUDED
