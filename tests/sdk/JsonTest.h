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

	static CppUnit::Test* suite();
};


#endif // JsonTest_INCLUDED
