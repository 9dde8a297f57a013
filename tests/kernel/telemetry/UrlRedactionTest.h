//
// UrlRedactionTest.h
//


#ifndef UrlRedactionTest_INCLUDED
#define UrlRedactionTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class UrlRedactionTest: public CppUnit::TestFixture
{
public:
	void testSecretParametersAreRedacted();
	void testOtherPartsAreKept();
	void testUserPasswordIsRedacted();

	static CppUnit::Test* suite();
};


#endif // UrlRedactionTest_INCLUDED
