//
// ErrorNotificationsTest.h
//


#ifndef ErrorNotificationsTest_INCLUDED
#define ErrorNotificationsTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class ErrorNotificationsTest: public CppUnit::TestFixture
{
public:
	void testSubscribersReplaced();
	void testInvalidSubscribers();
	void testFailedRunsEmailEachSubscriber();
	void testRefusedSubscriberDoesNotStopTheOthers();
	void testWithoutMailSettings();

	static CppUnit::Test* suite();
};


#endif // ErrorNotificationsTest_INCLUDED
