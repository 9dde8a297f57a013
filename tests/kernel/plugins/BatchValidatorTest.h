//
// BatchValidatorTest.h
//


#ifndef BatchValidatorTest_INCLUDED
#define BatchValidatorTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class BatchValidatorTest: public CppUnit::TestFixture
{
public:
	void testWellFormedBatchesPass();
	void testRootMustBeAStruct();
	void testCountsMustAgree();
	void testBuffersMustBeThere();
	void testOffsetsMustStayInRange();
	void testLargeOffsetsAreRefused();
	void testNullCounts();
	void testMetadataLengths();
	void testBufferPastMappedMemory();

	static CppUnit::Test* suite();
};


#endif // BatchValidatorTest_INCLUDED
