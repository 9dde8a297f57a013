//
// DiscoverTest.h
//


#ifndef DiscoverTest_INCLUDED
#define DiscoverTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class DiscoverTest: public CppUnit::TestFixture
{
public:
	void testSmallSchema();
	void testThousandTables();

	static CppUnit::Test* suite();
};


#endif // DiscoverTest_INCLUDED
