//
// BulkSyncLogLinksTest.h
//


#ifndef BulkSyncLogLinksTest_INCLUDED
#define BulkSyncLogLinksTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BulkSyncLogLinksTest: public CppUnit::TestFixture
{
public:
	void testSignedLinkIsValidUntilItExpires();
	void testChangedLinkIsRefused();
	void testOtherSecretIsRefused();
	void testMalformedQueryIsRefused();

	static CppUnit::Test* suite();
};


#endif // BulkSyncLogLinksTest_INCLUDED
