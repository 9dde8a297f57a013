//
// RequestValidationTest.h
//


#ifndef RequestValidationTest_INCLUDED
#define RequestValidationTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RequestValidationTest: public CppUnit::TestFixture
	/// What a request body or query may hold, sent to a real server process:
	/// deep nesting, bad text, over-long names, wrongly typed fields, bodies
	/// that cost far more memory than their size.
{
public:
	void testDeepFilterLogic();
	void testDeepJson();
	void testBadTextInBodies();
	void testBadTextInQueries();
	void testDuplicateNames();
	void testOverLongNames();
	void testWronglyTypedFields();
	void testLargeBodyMemory();
	void testConcurrentLargeBodies();

	static CppUnit::Test* suite();
};


#endif // RequestValidationTest_INCLUDED
