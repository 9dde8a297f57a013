//
// SentryReporterTest.cpp
//


#include "SentryReporterTest.h"
#include "fakes/FakeSentry.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "telemetry/LogContext.h"
#include "telemetry/Logging.h"
#include "telemetry/SentryReporter.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include <cppunit/TestAssert.h>
#include <stdexcept>


using polytomic::telemetry::SentryReporter;
using std::chrono::milliseconds;


namespace
{
	SentryReporter::Params params()
	{
		SentryReporter::Params p;
		p.release = "polytomic@9.9.9";
		p.environment = "test";
		return p;
	}


	Poco::JSON::Object::Ptr parse(const std::string& text)
	{
		Poco::JSON::Parser parser;
		return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
	}
}


void SentryReporterTest::testDsn()
{
	const auto dsn = SentryReporter::Dsn::parse("https://abc123@o1.ingest.sentry.io/42");
	CPPUNIT_ASSERT_EQUAL(std::string("https://o1.ingest.sentry.io/api/42/envelope/"), dsn.envelopeUrl());
	CPPUNIT_ASSERT_EQUAL(std::string("Sentry sentry_version=7, sentry_client=polytomic@1, sentry_key=abc123"), dsn.authHeader("polytomic@1"));
	const auto selfHosted = SentryReporter::Dsn::parse("http://key@sentry.internal:9000/prefix/7");
	CPPUNIT_ASSERT_EQUAL(std::string("http://sentry.internal:9000/prefix/api/7/envelope/"), selfHosted.envelopeUrl());
	CPPUNIT_ASSERT_THROW(SentryReporter::Dsn::parse("https://o1.ingest.sentry.io/42"), std::invalid_argument);
	CPPUNIT_ASSERT_THROW(SentryReporter::Dsn::parse("not a dsn"), std::invalid_argument);
}


void SentryReporterTest::testScrub()
{
	const std::string scrubbed = SentryReporter::scrub("connect to postgres://etl:hunter2@db.internal:5432/x failed; password=hunter2 "
		"token: abc.def Authorization: Bearer eyJhbGciOi.x.y; duplicate key: Key (email)=(jane@customer.example) already exists; "
		"invalid input syntax for type integer: 'Jane Doe'; mail bob@example.org");
	for (const char* secret: {"hunter2", "etl:", "abc.def", "eyJhbGciOi", "jane@", "customer.example", "Jane Doe", "bob@example.org"})
		CPPUNIT_ASSERT_MESSAGE(std::string(secret) + " in: " + scrubbed, scrubbed.find(secret) == std::string::npos);
	CPPUNIT_ASSERT(scrubbed.find("connect to postgres://****@db.internal:5432/x failed") != std::string::npos);
	CPPUNIT_ASSERT(scrubbed.find("Key (email)=(****) already exists") != std::string::npos);
}


void SentryReporterTest::testEnvelope()
{
	SentryReporter reporter("http://" + polytomic::test::FakeSentry::PUBLIC_KEY + "@127.0.0.1:9/42", params());
	SentryReporter::Event event;
	event.message = "unexpected error: the connector crashed";
	event.logger = "polytomic.http";
	event.requestId = "req-1";
	event.executionId = "exec-1";
	event.frames = {"main @ 0x1", "serve @ 0x2"};
	const std::string id = "0123456789abcdef0123456789abcdef";
	const std::string envelope = reporter.envelope(event, id);
	polytomic::test::FakeHttpService::Request request;
	request.method = "POST";
	request.path = "/api/42/envelope/";
	request.headers["X-Sentry-Auth"] = SentryReporter::Dsn::parse("http://" + polytomic::test::FakeSentry::PUBLIC_KEY + "@h/42").authHeader("x");
	request.body = envelope;
	CPPUNIT_ASSERT_EQUAL(std::string(""), polytomic::test::FakeSentry::check(request));
	const auto payload = parse(envelope.substr(envelope.find('\n', envelope.find('\n') + 1) + 1));
	CPPUNIT_ASSERT_EQUAL(std::string("error"), payload->getValue<std::string>("level"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic@9.9.9"), payload->getValue<std::string>("release"));
	CPPUNIT_ASSERT_EQUAL(std::string("test"), payload->getValue<std::string>("environment"));
	CPPUNIT_ASSERT_EQUAL(std::string("req-1"), payload->getObject("tags")->getValue<std::string>("request_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("exec-1"), payload->getObject("tags")->getValue<std::string>("execution_id"));
	auto frames = payload->getObject("exception")->getArray("values")->getObject(0)->getObject("stacktrace")->getArray("frames");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), frames->size());
	CPPUNIT_ASSERT_EQUAL(std::string("0x2"), frames->getObject(1)->getValue<std::string>("instruction_addr"));
}


void SentryReporterTest::testLoggedErrorsReachSentry()
{
	polytomic::test::FakeSentry sentry;
	SentryReporter reporter(sentry.dsn(), params());
	reporter.start();
	polytomic::telemetry::Logging::configure("information", "text");
	polytomic::telemetry::Logging::reportErrorsTo(&reporter);
	Poco::Logger& logger = Poco::Logger::get("polytomic.test");
	{
		polytomic::telemetry::LogContext::Scope request("req-9");
		logger.warning("a warning is not an error");
		logger.error("unexpected error: could not write to postgres://etl:s3cr3t@db/x for jane@customer.example");
	}
	polytomic::telemetry::Logging::reportErrorsTo(nullptr);
	logger.error("after reporting stopped");
	CPPUNIT_ASSERT(sentry.waitForRequests(1, milliseconds(5000)));
	reporter.stop();
	const auto events = sentry.events();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), sentry.requests().size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), reporter.sent());
	const auto event = parse(events[0]);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic.test"), event->getValue<std::string>("logger"));
	CPPUNIT_ASSERT_EQUAL(std::string("req-9"), event->getObject("tags")->getValue<std::string>("request_id"));
	CPPUNIT_ASSERT(events[0].find("s3cr3t") == std::string::npos && events[0].find("jane@") == std::string::npos);
	CPPUNIT_ASSERT(events[0].find("could not write to postgres://****@db/x") != std::string::npos);
	CPPUNIT_ASSERT(event->getObject("exception")->getArray("values")->getObject(0)->getObject("stacktrace")->getArray("frames")->size() > 2);
}


void SentryReporterTest::testUnreachableSentryNeverBlocks()
{
	const unsigned closed = polytomic::test::TestEnvironment::freePort();
	SentryReporter::Params p = params();
	p.maxQueued = 3;
	SentryReporter reporter("http://key@127.0.0.1:" + std::to_string(closed) + "/1", p);
	const auto start = std::chrono::steady_clock::now();
	SentryReporter::Event boom;
	boom.message = "boom";
	for (int i = 0; i < 10; ++i) reporter.capture(boom);
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(100));
	CPPUNIT_ASSERT_EQUAL(std::size_t(7), reporter.dropped());
	reporter.start();
	reporter.stop(milliseconds(3000));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), reporter.sent());
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), reporter.dropped());
}


CppUnit::Test* SentryReporterTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SentryReporterTest");
	POLYTOMIC_ADD_TEST(suite, SentryReporterTest, testDsn);
	POLYTOMIC_ADD_TEST(suite, SentryReporterTest, testScrub);
	POLYTOMIC_ADD_TEST(suite, SentryReporterTest, testEnvelope);
	POLYTOMIC_ADD_TEST(suite, SentryReporterTest, testLoggedErrorsReachSentry);
	POLYTOMIC_ADD_TEST(suite, SentryReporterTest, testUnreachableSentryNeverBlocks);
	return suite;
}
