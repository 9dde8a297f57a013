//
// RedisUrlTest.h
//


#ifndef RedisUrlTest_INCLUDED
#define RedisUrlTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RedisUrlTest: public CppUnit::TestFixture
{
public:
	void testDefaults();
	void testPasswordAndDatabase();
	void testUserAndEncodedPassword();
	void testTls();
	void testTlsParameters();
	void testEmptyCaCert();
		/// An empty ca_cert is refused with InvalidValue.
	void testIpv6();
	void testErrors();
	void testMasked();

	static CppUnit::Test* suite();
};


#endif // RedisUrlTest_INCLUDED
