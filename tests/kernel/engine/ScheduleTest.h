//
// ScheduleTest.h
//


#ifndef ScheduleTest_INCLUDED
#define ScheduleTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ScheduleTest: public CppUnit::TestFixture
{
public:
	void testFrequencies();
	void testCronFields();
	void testCronEdgeCases();
	void testInvalidSchedules();
	void testWronglyTypedFields();
	void testHostileCron();

	static CppUnit::Test* suite();
};


#endif // ScheduleTest_INCLUDED
