//
// WebhookWriterTest.h
//


#ifndef WebhookWriterTest_INCLUDED
#define WebhookWriterTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class WebhookWriterTest: public CppUnit::TestFixture
{
public:
	void testSignedGzipBatches();
	void testWrongSecretFailsTheBatch();
	void testPerRecordErrorsMapToTheirRecords();
	void testStatusOnlyIsAllOrNothing();
	void testKeyStableAcrossRetries();
	void testWithoutKeyNothingRepeated();
	void testRetryAfterHonoured();
	void testSlowReceiverTimesOutOnce();
	void testTooLargeBatchSplits();
	void testCheckAndConfiguration();

	static CppUnit::Test* suite();
};


#endif // WebhookWriterTest_INCLUDED
