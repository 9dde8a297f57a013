//
// JsonTest.h
//


#ifndef JsonTest_INCLUDED
#define JsonTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class JsonTest: public CppUnit::TestFixture
{
public:
	void testParseAndDump();
	void testEscapesAndUnicode();
	void testNumbers();
	void testErrors();
	void testBuilding();
	void testRefusesTextThatIsNotUtf8();
	void testSurrogatePairs();
	void testNulInStrings();
	void testDuplicateNames();
	void testDepthAndValueLimits();
	void testStrictNumbers();
	void testWholeNumbersInRange();
	void testWriterRepairsUtf8();

	static CppUnit::Test* suite();
};


#endif // JsonTest_INCLUDED
