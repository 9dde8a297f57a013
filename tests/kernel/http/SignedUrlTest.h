//
// SignedUrlTest.h
//


#ifndef SignedUrlTest_INCLUDED
#define SignedUrlTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SignedUrlTest: public CppUnit::TestFixture
{
public:
	void testASignedLinkVerifies();
	void testAnExpiredLinkIsRefused();
	void testAnyChangeIsRefused();
	void testAnotherServerKeyIsRefused();
	void testALinksOwnQueryIsSigned();

	static CppUnit::Test* suite();
};


#endif // SignedUrlTest_INCLUDED
