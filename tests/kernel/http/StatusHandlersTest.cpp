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
	struct StatusServer
		/// The status routes over a pool of the given database, served on a free port.
	{
		explicit StatusServer(const std::string& databaseUrl):
			database(config::DatabaseUrl::parse(databaseUrl), 1),
			handlers(database, std::make_shared<cache::MemoryCache>(), "1.2.3"),
			router(routes(handlers)),
			running(router)
		{
		}

		static http::Router routes(http::StatusHandlers& handlers)
		{
			http::Router router;
			handlers.registerRoutes(router);
			return router;
		}

		HttpReply get(const std::string& path)
		{
			return HttpProbe::get(running.port(), path);
		}

		store::Database database;
		http::StatusHandlers handlers;
		http::Router router;
		RunningServer running;
	};
}


void StatusHandlersTest::testLivenessNeedsNoDatabase()
{
	StatusServer server(TestEnvironment::unreachablePostgresUrl());
	HttpReply reply = server.get("/status.txt");
	CPPUNIT_ASSERT_EQUAL(200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("OK\n"), reply.body);
	CPPUNIT_ASSERT_EQUAL(std::string("no-store"), reply.headers["Cache-Control"]);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), server.database.size());
}


void StatusHandlersTest::testReadiness()
{
	TestDatabase db("ready");
	StatusServer server(db.url());
	HttpReply reply = server.get("/status/ready");
	CPPUNIT_ASSERT_EQUAL(200, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("{\"data\":{\"cache\":{\"backend\":\"memory\",\"status\":\"ok\"},\"database\":\"ok\","
		"\"status\":\"ready\",\"version\":\"1.2.3\"}}"), reply.body);
}


void StatusHandlersTest::testReadinessWithoutDatabase()
{
	StatusServer server(TestEnvironment::unreachablePostgresUrl());
	HttpReply reply = server.get("/status/ready");
	CPPUNIT_ASSERT_EQUAL(503, reply.status);
	CPPUNIT_ASSERT(reply.body.find("\"key\":\"not_ready\"") != std::string::npos);
	CPPUNIT_ASSERT(reply.body.find("\"database\":\"unavailable\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(200, server.get("/status.txt").status);
}


CppUnit::Test* StatusHandlersTest::suite()
{
	auto* suite = new CppUnit::TestSuite("StatusHandlersTest");
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testLivenessNeedsNoDatabase);
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testReadiness);
	POLYTOMIC_ADD_TEST(suite, StatusHandlersTest, testReadinessWithoutDatabase);
	return suite;
}
