//
// LicenseToolTest.h
//


#ifndef LicenseToolTest_INCLUDED
#define LicenseToolTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class LicenseToolTest: public CppUnit::TestFixture
{
public:
	void testRoundTrip();
	void testKeygenRefusesToOverwrite();
	void testBadArguments();
	void testUnreadableKey();
	void testShow();

	static CppUnit::Test* suite();
};


#endif // LicenseToolTest_INCLUDED
