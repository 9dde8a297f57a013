//
// MemoryCacheTest.h
//


#ifndef MemoryCacheTest_INCLUDED
#define MemoryCacheTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class MemoryCacheTest: public CppUnit::TestFixture
{
public:
	void testSetGetRemove();
	void testExpiry();
	void testBounded();

	static CppUnit::Test* suite();
};


#endif // MemoryCacheTest_INCLUDED
