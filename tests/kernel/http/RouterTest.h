//
// RouterTest.h
//


#ifndef RouterTest_INCLUDED
#define RouterTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class RouterTest: public CppUnit::TestFixture
{
public:
	void testPathParameters();
	void testNotFoundAndMethodNotAllowed();
	void testTrailingSlashRedirectsToPublicUrl();
	void testRouteOf();
	void testUuidParametersAreCaseInsensitive();

	static CppUnit::Test* suite();
};


#endif // RouterTest_INCLUDED
