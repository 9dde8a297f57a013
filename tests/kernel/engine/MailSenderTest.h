//
// MailSenderTest.h
//


#ifndef MailSenderTest_INCLUDED
#define MailSenderTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class MailSenderTest: public CppUnit::TestFixture
{
public:
	void testSendsOverSmtp();
	void testRefusedRecipient();
	void testRefusedData();
	void testStartTlsRequired();
	void testConnectTimesOut();
	void testHeaderInjection();

	static CppUnit::Test* suite();
};


#endif // MailSenderTest_INCLUDED
