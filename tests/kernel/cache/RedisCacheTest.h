//
// RedisCacheTest.h
//


#ifndef RedisCacheTest_INCLUDED
#define RedisCacheTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RedisCacheTest: public CppUnit::TestFixture
{
public:
	void testSetGetRemove();
	void testExpiryIsSetInRedis();
	void testTls();
	void testTlsRejectsUnknownCertificate();
	void testWrongPasswordDegrades();
	void testRedisKilledAndBack();
	void testUnreachableHostDoesNotThrow();

	static CppUnit::Test* suite();
};


#endif // RedisCacheTest_INCLUDED
