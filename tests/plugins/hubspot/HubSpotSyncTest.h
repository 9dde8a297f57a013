//
// HubSpotSyncTest.h
//


#ifndef HubSpotSyncTest_INCLUDED
#define HubSpotSyncTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class HubSpotSyncTest: public CppUnit::TestFixture
{
public:
	void testModelSyncOutlivesItsAccessToken();
	void testRevokedRefreshTokenAsksForReconnect();
	void testWorkersShareThePortalsLimit();
	void testWorkersShareTheDailyQuota();
	void testSecretRotationKeepsSignIns();
	void testBulkSyncIntoPostgres();
	void testRateLimitStormSendsNothingTwice();
	void testHarness();

	static CppUnit::Test* suite();
};


#endif // HubSpotSyncTest_INCLUDED
