//
// PluginManifestTest.h
//


#ifndef PluginManifestTest_INCLUDED
#define PluginManifestTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class PluginManifestTest: public CppUnit::TestFixture
{
public:
	void testAcceptsCurrentAndOlderMinor();
	void testRefusals();
	void testJsonRoundTrip();

	static CppUnit::Test* suite();
};


#endif // PluginManifestTest_INCLUDED
