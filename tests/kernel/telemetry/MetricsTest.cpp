//
// MetricsTest.cpp
//


#include "MetricsTest.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "telemetry/Metrics.h"
#include "Poco/FileStream.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <stdexcept>


using polytomic::telemetry::Metrics;


namespace
{
	bool has(const std::string& text, const std::string& line)
	{
		return text.find(line + "\n") != std::string::npos;
	}
}


void MetricsTest::testCounters()
{
	Metrics metrics;
	metrics.defineCounter("jobs_total", "Jobs done.");
	CPPUNIT_ASSERT(has(metrics.render(), "# HELP jobs_total Jobs done.\n# TYPE jobs_total counter"));
	metrics.increment("jobs_total", {{"kind", "a"}, {"status", "ok"}});
	metrics.increment("jobs_total", {{"kind", "a"}, {"status", "ok"}}, 2);
	metrics.increment("jobs_total", {{"kind", "b"}, {"status", "ok"}});
	const std::string text = metrics.render();
	CPPUNIT_ASSERT(has(text, "jobs_total{kind=\"a\",status=\"ok\"} 3"));
	CPPUNIT_ASSERT(has(text, "jobs_total{kind=\"b\",status=\"ok\"} 1"));
	CPPUNIT_ASSERT_THROW(metrics.increment("undefined_total", {}), std::logic_error);
}


void MetricsTest::testHistogram()
{
	Metrics metrics;
	metrics.defineHistogram("wait_seconds", "Waits.", {0.1, 1});
	metrics.observe("wait_seconds", {{"route", "/x"}}, 0.05);
	metrics.observe("wait_seconds", {{"route", "/x"}}, 0.5);
	metrics.observe("wait_seconds", {{"route", "/x"}}, 5);
	const std::string text = metrics.render();
	CPPUNIT_ASSERT(has(text, "wait_seconds_bucket{route=\"/x\",le=\"0.1\"} 1"));
	CPPUNIT_ASSERT(has(text, "wait_seconds_bucket{route=\"/x\",le=\"1\"} 2"));
	CPPUNIT_ASSERT(has(text, "wait_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3"));
	CPPUNIT_ASSERT(has(text, "wait_seconds_sum{route=\"/x\"} 5.55"));
	CPPUNIT_ASSERT(has(text, "wait_seconds_count{route=\"/x\"} 3"));
}


void MetricsTest::testCollectors()
{
	Metrics metrics;
	int depth = 4;
	metrics.addCollector([&depth](std::string& out) {
		Metrics::Family family(out, "queue_depth", "Waiting.", "gauge");
		family.sample(depth);
	});
	CPPUNIT_ASSERT(has(metrics.render(), "# TYPE queue_depth gauge\nqueue_depth 4"));
	depth = 7;
	CPPUNIT_ASSERT(has(metrics.render(), "queue_depth 7"));
}


void MetricsTest::testFailingCollectorLeftOut()
{
	Metrics metrics;
	metrics.addCollector([](std::string& out) {
		Metrics::Family family(out, "half_written", "Never complete.", "gauge");
		throw std::runtime_error("database down");
	});
	metrics.addCollector([](std::string& out) { Metrics::Family(out, "fine", "Fine.", "gauge").sample(1); });
	const std::string text = metrics.render();
	CPPUNIT_ASSERT(text.find("half_written") == std::string::npos);
	CPPUNIT_ASSERT(has(text, "fine 1"));
}


void MetricsTest::testEscaping()
{
	CPPUNIT_ASSERT_EQUAL(std::string("a\\\"b\\\\c\\nd"), Metrics::escape("a\"b\\c\nd"));
	CPPUNIT_ASSERT_EQUAL(std::string("0.25"), Metrics::number(0.25));
	CPPUNIT_ASSERT_EQUAL(std::string("12"), Metrics::number(12));
	CPPUNIT_ASSERT_EQUAL(std::string("+Inf"), Metrics::number(1.0 / 0.0));
}


void MetricsTest::testPromtoolAcceptsIt()
{
	Metrics metrics;
	metrics.defineCounter("polytomic_things_total", "Things.");
	metrics.increment("polytomic_things_total", {{"path", "/api/x\"y"}});
	metrics.defineHistogram("polytomic_wait_seconds", "Waits.", {0.1, 1});
	metrics.observe("polytomic_wait_seconds", {}, 0.3);
	metrics.addCollector([](std::string& out) { Metrics::Family(out, "polytomic_depth", "Depth.", "gauge").sample(2); });
	Poco::TemporaryFile file;
	{
		Poco::FileOutputStream out(file.path());
		out << metrics.render();
	}
	CPPUNIT_ASSERT_EQUAL_MESSAGE("promtool check metrics failed (Debian package prometheus)", 0,
		polytomic::test::TestEnvironment::shell("promtool check metrics < " + file.path()));
}


CppUnit::Test* MetricsTest::suite()
{
	auto* suite = new CppUnit::TestSuite("MetricsTest");
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testCounters);
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testHistogram);
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testCollectors);
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testFailingCollectorLeftOut);
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testEscaping);
	POLYTOMIC_ADD_TEST(suite, MetricsTest, testPromtoolAcceptsIt);
	return suite;
}
