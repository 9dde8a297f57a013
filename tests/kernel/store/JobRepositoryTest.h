//
// JobRepositoryTest.h
//


#ifndef JobRepositoryTest_INCLUDED
#define JobRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class JobRepositoryTest: public CppUnit::TestFixture
{
public:
	void testAJobIsSeenByItsOrganizationAndType();
	void testResultsAreBounded();
	void testAStaleJobIsReportedFailed();
	void testExpiredJobsGo();
	void testAJobIsSeenOnlyByItsOwner();
	void testQueriesAndJobsFromBeforeOwnersStayReadable();

	static CppUnit::Test* suite();
};


#endif // JobRepositoryTest_INCLUDED
