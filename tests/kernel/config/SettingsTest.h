//
// SettingsTest.h
//


#ifndef SettingsTest_INCLUDED
#define SettingsTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SettingsTest: public CppUnit::TestFixture
{
public:
	void testDefaults();
	void testEveryVariable();
	void testEvaluationRelaxesRequirements();
	void testEveryProblemAtOnce();
	void testBadValuesNameTheirVariable();
	void testSecretsNeverAppear();
	void testDatabasePasswordPlaceholder();
	void testRedisPasswordPlaceholder();
	void testCacheUrlFallbackWarns();
	void testRedisUrlWinsOverCacheUrl();
	void testPolytomicUrlForms();
	void testRoles();
	void testLogLevels();
	void testGoogleCredentialsComeInPairs();
	void testEmptyMeansUnset();
	void testDescribeMasksSecrets();
	void testExecutorLimits();
	void testSecretVariables();
	void testTelemetryDefaults();
	void testTelemetryVariables();

	void testSyncRetriesAndRecordLogs();
	void testSignInMethods();
	void testIssuers();
	void testSessionsAndDomains();
	void testListeningSettings();
	void testMailSettings();

	static CppUnit::Test* suite();
};


#endif // SettingsTest_INCLUDED
