//
// HubSpotReaderTest.h
//
// Definition of the HubSpotReaderTest class.
//


#ifndef HubSpotReaderTest_INCLUDED
#define HubSpotReaderTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class HubSpotReaderTest: public CppUnit::TestFixture
{
public:
	void testIncrementalReadPastTheSearchLimit();

	static CppUnit::Test* suite();
};


#endif // HubSpotReaderTest_INCLUDED
