//
// ConcurrentReadsTest.h
//


#ifndef ConcurrentReadsTest_INCLUDED
#define ConcurrentReadsTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ConcurrentReadsTest: public CppUnit::TestFixture
{
public:
	void testListRoutesUnderLoad();

	static CppUnit::Test* suite();
};


#endif // ConcurrentReadsTest_INCLUDED
