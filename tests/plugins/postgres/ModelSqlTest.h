//
// ModelSqlTest.h
//


#ifndef ModelSqlTest_INCLUDED
#define ModelSqlTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ModelSqlTest: public CppUnit::TestFixture
	/// A model's SQL, sent through the REST API of a server process, reads
	/// from its PostgreSQL source and changes nothing there.
{
public:
	void testInjectedStatementsChangeNothing();

	static CppUnit::Test* suite();
};


#endif // ModelSqlTest_INCLUDED
