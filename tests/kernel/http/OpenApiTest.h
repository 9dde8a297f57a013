//
// OpenApiTest.h
//


#ifndef OpenApiTest_INCLUDED
#define OpenApiTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class OpenApiTest: public CppUnit::TestFixture
{
public:
	void testEveryRouteIsInTheDocument();
	void testUndocumentedRouteIsNamed();
	void testUnroutedDescriptionIsNamed();
	void testPathParametersAreTheRoutersNames();
	void testEmbeddedDescriptionsHaveEverySdkMethod();
	void testServerSchemasExtendTheSdks();
	void testIdempotencyKeyFormat();
	void testReferencePageIsServedFromWebDir();

	static CppUnit::Test* suite();
};


#endif // OpenApiTest_INCLUDED
