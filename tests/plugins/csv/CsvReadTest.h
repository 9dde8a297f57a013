//
// CsvReadTest.h
//


#ifndef CsvReadTest_INCLUDED
#define CsvReadTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class CsvReadTest: public CppUnit::TestFixture
{
public:
	void testQuotesNewlinesAndBom();
	void testEncodings();
	void testInvalidBytes();
	void testTypeInference();
	void testDelimiterAndNoHeader();
	void testResumeFromState();
	void testPathEscapeRefused();
	void testUrlSource();

	static CppUnit::Test* suite();
};


#endif // CsvReadTest_INCLUDED
