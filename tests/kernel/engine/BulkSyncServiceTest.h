//
// BulkSyncServiceTest.h
//


#ifndef BulkSyncServiceTest_INCLUDED
#define BulkSyncServiceTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BulkSyncServiceTest: public CppUnit::TestFixture
{
public:
	void testSdkCreateRequest();
	void testSettingsItCannotHonourAreRefused();
	void testSchemaSettings();
	void testStartOptions();

	static CppUnit::Test* suite();
};


#endif // BulkSyncServiceTest_INCLUDED
