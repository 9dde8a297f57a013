//
// RoundTripTest.h
//


#ifndef RoundTripTest_INCLUDED
#define RoundTripTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RoundTripTest: public CppUnit::TestFixture
{
public:
	void testEveryTypeIntoCreatedTable();
	void testEveryTypeIntoSameTable();

	static CppUnit::Test* suite();
};


#endif // RoundTripTest_INCLUDED
