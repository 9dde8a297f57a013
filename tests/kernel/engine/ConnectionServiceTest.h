//
// ConnectionServiceTest.h
//


#ifndef ConnectionServiceTest_INCLUDED
#define ConnectionServiceTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ConnectionServiceTest: public CppUnit::TestFixture
{
public:
	void testClosedChoices();
	void testOpenFieldsOfferDefaultAndCurrent();
	void testSecretsNeverListed();
	void testUnknownField();

	static CppUnit::Test* suite();
};


#endif // ConnectionServiceTest_INCLUDED
