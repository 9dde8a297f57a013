//
// StoredSecretTest.h
//


#ifndef StoredSecretTest_INCLUDED
#define StoredSecretTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class StoredSecretTest: public CppUnit::TestFixture
	/// A stored PostgreSQL password goes only where its connection sent it:
	/// through the REST API of a server process, against a fake server that
	/// records the passwords clients send it.
{
public:
	void testTestRefusesNewHost();
	void testReplaceRefusesNewHost();
	void testSameHostKeepsStoredPassword();

	static CppUnit::Test* suite();
};


#endif // StoredSecretTest_INCLUDED
