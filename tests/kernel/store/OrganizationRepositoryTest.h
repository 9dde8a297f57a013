//
// OrganizationRepositoryTest.h
//


#ifndef OrganizationRepositoryTest_INCLUDED
#define OrganizationRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class OrganizationRepositoryTest: public CppUnit::TestFixture
{
public:
	void testFirstRunCreatesOnce();
	void testConcurrentFirstRuns();
	void testNamesUniqueAndRemoval();
	void testConcurrentCreatesOfOneName();

	static CppUnit::Test* suite();
};


#endif // OrganizationRepositoryTest_INCLUDED
