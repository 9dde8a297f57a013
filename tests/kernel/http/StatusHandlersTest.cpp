//
// StatusHandlersTest.cpp
//


#include "StatusHandlersTest.h"
#include "RunningServer.h"
#include "cache/MemoryCache.h"
#include "http/StatusHandlers.h"
#include "support/HttpProbe.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::test::HttpProbe;
using polytomic::test::HttpReply;
using polytomic::test::TestDatabase;
using polytomic::test::TestEnvironment;


namespace
{
	std::string unreachableUrl()
	{
		return "postgres://app@127.0.0.1:" + std::to_string(TestEnvironment::freePort()) + "/nothing";
	}
}


void StatusHandlersTest::testLivenessNeedsNoDatabase()
{
	store::Database database(config::DatabaseUrl::parse(unreachableUrl()), 1);
	http::StatusHandlers handlers(database, std::make_shared<cache::MemoryCache>(), "1.2.3");
	http::Router router;
	handlers.registerRoutes(router);
	RunningServer running(router);
	HttpReply reply = HttpProbe::get(running.port(), "/status.txt");
	CPPUNIT_ASSERT_EQUAL(200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("OK\n"), reply.body);
	CPPUNIT_ASSERT_EQUAL(std::string("no-store"), reply.headers["Cache-Control"]);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), database.size());
}


void StatusHandlersTest::testReadiness()
{
	TestDatabase db("ready");
	store::Database database(config::DatabaseUrl::parse(db.url()), 1);
	http::StatusHandlers handlers(database, std::make_shared<cache::MemoryCache>(), "1.2.3");
	http::Router router;
	handlers.registerRoutes(router);
	RunningServer running(router);
	HttpReply reply = HttpProbe::get(running.port(), "/status/ready");
	CPPUNIT_ASSERT_EQUAL(200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"data\":{\"cache\":{\"backend\":\"memory\",\"status\":\"ok\"},\"database\":\"ok\","
		"\"status\":\"ready\",\"version\":\"1.2.3\"}}"), reply.body);
}


void StatusHandlersTest::testReadinessWithoutDatabase()
{
	store::Database database(config::DatabaseUrl::parse(unreachableUrl()), 1);
	http::StatusHandlers handlers(database, std::make_shared<cache::MemoryCache>(), "1.2.3");
	http::Router router;
	handlers.registerRoutes(router);
	RunningServer running(router);
	HttpReply reply = HttpProbe::get(running.port(), "/status/ready");
	CPPUNIT_ASSERT_EQUAL(503, reply.status);
	CPPUNIT_ASSERT(reply.body.find("\"key\":\"not_ready\"") != std::string::npos);
	CPPUNIT_ASSERT(reply.body.find("\"database\":\"unavailable\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(200, HttpProbe::get(running.port(), "/status.txt").status);
}


CppUnit::Test* StatusHandlersTest::suite()
{
	auto* suite = new CppUnit::TestSuite("StatusHandlersTest");
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testLivenessNeedsNoDatabase);
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testReadiness);
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testReadinessWithoutDatabase);
	return suite;
}
