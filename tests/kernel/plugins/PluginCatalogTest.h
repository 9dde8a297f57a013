//
// PluginCatalogTest.h
//


#ifndef PluginCatalogTest_INCLUDED
#define PluginCatalogTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class PluginCatalogTest: public CppUnit::TestFixture
{
public:
	void testScanLoadsGoodAndRefusesTheRest();
	void testRefusedPluginsSayWhatTheyDeclare();
	void testOpenReturningNullIsRefused();
	void testMissingFolder();

	static CppUnit::Test* suite();
};


#endif // PluginCatalogTest_INCLUDED
