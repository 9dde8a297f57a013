//
// HubSpotReaderTest.h
//
// Definition of the HubSpotReaderTest class.
//


#ifndef HubSpotReaderTest_INCLUDED
#define HubSpotReaderTest_INCLUDED


#include <cppunit/TestCase.h>
#include <cppunit/TestSuite.h>


class HubSpotReaderTest: public CppUnit::TestCase
{
public:
	explicit HubSpotReaderTest(const std::string& name): CppUnit::TestCase(name) {}

	void testIncrementalReadPastTheSearchLimit();

	static CppUnit::Test* suite();
};


#endif // HubSpotReaderTest_INCLUDED
