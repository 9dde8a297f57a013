//
// SecretTokenTest.h
//


#ifndef SecretTokenTest_INCLUDED
#define SecretTokenTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SecretTokenTest: public CppUnit::TestFixture
{
public:
	void testRandomTokens();
	void testHashAndBase64Url();

	static CppUnit::Test* suite();
};


#endif // SecretTokenTest_INCLUDED
