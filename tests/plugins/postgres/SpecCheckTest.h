//
// SpecCheckTest.h
//


#ifndef SpecCheckTest_INCLUDED
#define SpecCheckTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class SpecCheckTest: public CppUnit::TestFixture
{
public:
	void testManifest();
	void testSpec();
	void testCheckPasses();
	void testCheckPassesWithConnectionUrl();
	void testCheckWrongPort();
	void testCheckWrongDatabase();
	void testCheckUrlPasswordNeverEchoed();
	void testInvalidConfiguration();
	void testCaCertificateFileRemoved();

	static CppUnit::Test* suite();
};


#endif // SpecCheckTest_INCLUDED
