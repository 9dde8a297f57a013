//
// CommandsTest.h
//


#ifndef CommandsTest_INCLUDED
#define CommandsTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class CommandsTest: public CppUnit::TestFixture
{
public:
	void testConfigurationProblemsAllAtOnce();
	void testConfigCheck();
	void testCacheUrlDeprecationWarning();
	void testSecretsFromFiles();
	void testClientSecretsFromFiles();
	void testMigrateCommand();
	void testMigrateProcessesRace();
	void testUnknownCommand();
	void testPluginsCommand();

	static CppUnit::Test* suite();
};


#endif // CommandsTest_INCLUDED
