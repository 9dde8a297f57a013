//
// ConformanceHarnessTest.h
//


#ifndef ConformanceHarnessTest_INCLUDED
#define ConformanceHarnessTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ConformanceHarnessTest: public CppUnit::TestFixture
{
public:
	void testGoodConnectorPasses();
	void testUnstableDiscoverFails();
	void testUnmarkedSecretFails();
	void testRefusedPluginFails();
	void testUsage();
	void testNothingToReadFails();
	void testIgnoredBatchRowsFails();
	void testStrictFailsOnSkips();

	static CppUnit::Test* suite();
};


#endif // ConformanceHarnessTest_INCLUDED
