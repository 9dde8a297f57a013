//
// WebhookSyncTest.h
//


#ifndef WebhookSyncTest_INCLUDED
#define WebhookSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class WebhookSyncTest: public CppUnit::TestFixture
{
public:
	void testModelSyncSignedWithRecordErrors();
	void testRetryAfter503DeliversNothingTwice();
	void testHarness();

	static CppUnit::Test* suite();
};


#endif // WebhookSyncTest_INCLUDED
