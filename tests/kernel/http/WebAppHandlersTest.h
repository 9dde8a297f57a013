//
// WebAppHandlersTest.h
//


#ifndef WebAppHandlersTest_INCLUDED
#define WebAppHandlersTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class WebAppHandlersTest: public CppUnit::TestFixture
{
public:
	void testPageIsServedForClientRoutes();
	void testServerPathsAreNeverThePage();
	void testAssetsAreCachedForAYear();
	void testGzipOnlyWhenAccepted();
	void testNoFileOutsideTheAssets();
	void testNotInstalledSaysWhatToDo();
	void testSignInMethods();
	void testOpenApiCommandDocumentsEveryDescribedRoute();

	static CppUnit::Test* suite();
};


#endif // WebAppHandlersTest_INCLUDED
