//
// RecordMapperTest.h
//


#ifndef RecordMapperTest_INCLUDED
#define RecordMapperTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RecordMapperTest: public CppUnit::TestFixture
{
public:
	void testFilterLogic();
	void testFilterLogicErrors();
	void testFilterLogicDepth();
	void testTimestampText();
	void testDatesInFilters();
	void testFilters();
	void testMappingAndOverrides();
	void testLongValuesAsJson();
	void testHashFollowsTheMappedValues();
	void testIdentityText();
	void testMissingFields();

	static CppUnit::Test* suite();
};


#endif // RecordMapperTest_INCLUDED
