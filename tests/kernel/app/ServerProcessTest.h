//
// ServerProcessTest.h
//


#ifndef ServerProcessTest_INCLUDED
#define ServerProcessTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ServerProcessTest: public CppUnit::TestFixture
{
public:
	void testServesAndCreatesRootUser();
	void testSigtermExitsCleanly();
	void testJsonLogsCarryRequestIds();
	void testPostgresRestartWhileServing();
	void testRedisKilledKeepsServing();
	void testRedisOverTls();
	void testTwoServersStartingTogether();
	void testChangingRootUserCreatesNoSecondRoot();
	void testAutoMigrateFalseRefusesBehindSchema();
	void testChangedMigrationStopsStartup();
	void testUnreachableDatabaseAtStartup();
	void testRefusedPluginsDoNotStopTheServer();
	void testConnectionTypesApi();
	void testExecutorsHoldNoServerDescriptor();
	void testServerEnvironmentHoldsNoSecret();
	void testSecondServerOnTheSamePortExits();
	void testKeepAliveAfterAnUnreadBody();

	static CppUnit::Test* suite();
};


#endif // ServerProcessTest_INCLUDED
