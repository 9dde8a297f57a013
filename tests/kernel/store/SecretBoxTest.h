//
// SecretBoxTest.h
//


#ifndef SecretBoxTest_INCLUDED
#define SecretBoxTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SecretBoxTest: public CppUnit::TestFixture
{
public:
	void testRoundTrip();
	void testTamperingIsDetected();
	void testKeyRotation();
	void testBadKeys();
	void testManyThreadsAtOnce();

	static CppUnit::Test* suite();
};


#endif // SecretBoxTest_INCLUDED
