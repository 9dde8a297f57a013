//
// ModelSqlTest.h
//


#ifndef ModelSqlTest_INCLUDED
#define ModelSqlTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ModelSqlTest: public CppUnit::TestFixture
	/// A model's SQL, sent through the REST API of a server process, reads
	/// from its PostgreSQL source and changes nothing there; what its preview
	/// costs the server is bounded, and its errors are clear.
{
public:
	void testInjectedStatementsChangeNothing();
	void testLargeValuesInSamples();
	void testErrorsDoNotTellWhichGuessIsThePassword();
	void testPreviewSlowerThanTheExecutorLimit();
	void testModelDeletedWhileASyncOnItIsCreated();

	static CppUnit::Test* suite();
};


#endif // ModelSqlTest_INCLUDED
