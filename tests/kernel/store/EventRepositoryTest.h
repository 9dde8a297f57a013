//
// EventRepositoryTest.h
//


#ifndef EventRepositoryTest_INCLUDED
#define EventRepositoryTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class EventRepositoryTest: public CppUnit::TestFixture
{
public:
	void testPagesByTime();
	void testDisabledWebhookGetsNoDelivery();

	static CppUnit::Test* suite();
};


#endif // EventRepositoryTest_INCLUDED
