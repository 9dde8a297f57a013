//
// WebhookServiceTest.h
//


#ifndef WebhookServiceTest_INCLUDED
#define WebhookServiceTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class WebhookServiceTest: public CppUnit::TestFixture
{
public:
	void testEventBodyInTheSdkShape();
	void testSignatureIsHmacSha256Hex();

	static CppUnit::Test* suite();
};


#endif // WebhookServiceTest_INCLUDED
