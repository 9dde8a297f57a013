//
// MetricsTest.h
//


#ifndef MetricsTest_INCLUDED
#define MetricsTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class MetricsTest: public CppUnit::TestFixture
{
public:
	void testCounters();
	void testHistogram();
	void testCollectors();
	void testFailingCollectorLeftOut();
	void testEscaping();
	void testPromtoolAcceptsIt();

	static CppUnit::Test* suite();
};


#endif // MetricsTest_INCLUDED
