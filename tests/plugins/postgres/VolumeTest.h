//
// VolumeTest.h
//


#ifndef VolumeTest_INCLUDED
#define VolumeTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class VolumeTest: public CppUnit::TestFixture
{
public:
	void testMillionRowRead();
	void testMillionRowAppend();

	static CppUnit::Test* suite();
};


#endif // VolumeTest_INCLUDED
