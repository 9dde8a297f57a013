//
// ExecutorTest.cpp
//


#include "ExecutorTest.h"
#include "plugins/Executor.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>


using namespace polytomic;
using namespace polytomic::plugins;
using polytomic::test::TestEnvironment;
using std::chrono::milliseconds;


namespace
{
	const std::string GOOD = std::string(POLYTOMIC_FIXTURE_DIR) + "/a_good.so";


	json::Value request(const std::string& operation, const std::string& config = "{\"rows\": 25}")
	{
		json::Value r = json::Value::object();
		r.set("plugin", GOOD);
		r.set("operation", operation);
		r.set("config", json::Value::parse(config));
		return r;
	}


	json::Value readRequest(const std::string& config, const std::string& read = "{\"batch_rows\": 10}")
	{
		json::Value r = request("read", config);
		r.set("read", json::Value::parse(read));
		return r;
	}


	Executor::Limits limits(long timeoutMs = 20000, std::size_t memory = std::size_t(1) << 30)
	{
		Executor::Limits l;
		l.timeout = milliseconds(timeoutMs);
		l.memoryBytes = memory;
		return l;
	}


	std::string failureOf(const json::Value& r, const Executor::Limits& l)
	{
		try
		{
			Executor(TestEnvironment::binary()).run(r, l);
		}
		catch (const ExecutorFailure& e)
		{
			return std::string("failure: ") + e.what();
		}
		catch (const ConnectorError& e)
		{
			return std::string("connector: ") + e.what();
		}
		return "<no error>";
	}


	void parentStillWorks()
	{
		CPPUNIT_ASSERT(Executor(TestEnvironment::binary()).run(request("spec"), limits())["configuration"].isObject());
	}
}


void ExecutorTest::testSpecCheckDiscover()
{
	Executor executor(TestEnvironment::binary());
	json::Value spec = executor.run(request("spec"), limits());
	CPPUNIT_ASSERT(spec["configuration"]["properties"]["token"].getBool("secret", false));
	CPPUNIT_ASSERT(executor.run(request("check"), limits()).isObject());
	json::Value catalog = executor.run(request("discover"), limits());
	CPPUNIT_ASSERT_EQUAL(std::string("numbers"), catalog["objects"][0]["id"].asString());
}


void ExecutorTest::testConnectorErrorsAreItsMessages()
{
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the configuration is broken on purpose"),
		failureOf(request("check", "{\"rows\": 1, \"broken\": true}"), limits()));
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the test connector failed on purpose"),
		failureOf(readRequest("{\"rows\": 30, \"fail_at\": 12, \"behaviour\": \"error\"}"), limits()));
}


void ExecutorTest::testPluginsSeeNoServerSecret()
{
	::setenv("ENCRYPTION_KEY", "not-for-plugins", 1);
	::setenv("DATABASE_URL", "postgres://u:p@localhost/app", 1);
	::setenv("POLYTOMIC_FIXTURE_VISIBLE", "yes", 1);
	Executor executor(TestEnvironment::binary());
	CPPUNIT_ASSERT(executor.run(request("check", R"({"rows": 1, "visible_variables": ["ENCRYPTION_KEY", "DATABASE_URL"]})"), limits()).isObject());
	// The check can fail: an ordinary variable is inherited.
	CPPUNIT_ASSERT_EQUAL(std::string("connector: POLYTOMIC_FIXTURE_VISIBLE is visible"),
		failureOf(request("check", R"({"rows": 1, "visible_variables": ["POLYTOMIC_FIXTURE_VISIBLE"]})"), limits()));
	::unsetenv("ENCRYPTION_KEY");
	::unsetenv("DATABASE_URL");
	::unsetenv("POLYTOMIC_FIXTURE_VISIBLE");
}


void ExecutorTest::testReadAndResume()
{
	Executor executor(TestEnvironment::binary());
	json::Value all = executor.run(readRequest("{\"rows\": 25}"), limits());
	CPPUNIT_ASSERT_EQUAL(int64_t(25), all["rows"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(3), all["batches"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(25), all["state"]["cursor"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"name\":\"id\",\"type\":\"int64\",\"nullable\":false},{\"name\":\"label\",\"type\":\"string\","
		"\"nullable\":true}]"), all["fields"].dump());
	CPPUNIT_ASSERT_EQUAL(std::string("[1,\"row 1\"]"), all["sample"][0].dump());
	json::Value rest = executor.run(readRequest("{\"rows\": 25}", "{\"batch_rows\": 10, \"state\": {\"cursor\": 20}}"), limits());
	CPPUNIT_ASSERT_EQUAL(int64_t(5), rest["rows"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::string("[21,\"row 21\"]"), rest["sample"][0].dump());
}


void ExecutorTest::testWriteReportsEveryRecord()
{
	Poco::TemporaryFile store;
	json::Value r = request("write", "{\"rows\": 0, \"store\": \"" + store.path() + "\"}");
	r.set("write", json::Value::parse(R"({"object": "numbers", "mode": 8, "identity": ["id"],
		"fields": [{"name": "id", "type": "int64"}, {"name": "label", "type": "string"}],
		"batches": [[[1, "one"], [2, "bad"], [3, "three"]], [[1, "uno"]]]})"));
	json::Value result = Executor(TestEnvironment::binary()).run(r, limits());
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"ok\":true},{\"ok\":false,\"message\":\"label 'bad' is not allowed\"},{\"ok\":true},{\"ok\":true}]"),
		result["results"].dump());
	std::ifstream in(store.path());
	std::stringstream content;
	content << in.rdbuf();
	CPPUNIT_ASSERT_EQUAL(std::string("1,uno\n3,three\n"), content.str());
}


void ExecutorTest::testSegfaultInRead()
{
	const std::string failure = failureOf(readRequest("{\"rows\": 30, \"fail_at\": 15, \"behaviour\": \"segfault\"}"), limits());
	CPPUNIT_ASSERT_EQUAL(std::string("failure: the connector crashed during read (killed by signal 11 (Segmentation fault))"), failure);
	parentStillWorks();
}


void ExecutorTest::testHangInRead()
{
	const auto start = std::chrono::steady_clock::now();
	const std::string failure = failureOf(readRequest("{\"rows\": 30, \"fail_at\": 15, \"behaviour\": \"hang\"}"), limits(1500));
	CPPUNIT_ASSERT_EQUAL(std::string("failure: the connector did not finish read within 2 s; it was stopped"), failure);
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(10000));
	parentStillWorks();
}


void ExecutorTest::testUnboundedAllocationInRead()
{
	const std::string failure = failureOf(readRequest("{\"rows\": 30, \"fail_at\": 15, \"behaviour\": \"allocate\"}"),
		limits(60000, std::size_t(512) << 20));
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the connector ran out of memory during read (limit 512 MiB)"), failure);
	parentStillWorks();
}


void ExecutorTest::testCancellation()
{
	std::atomic<bool> cancel{false};
	auto run = std::async(std::launch::async, [&] {
		try
		{
			Executor(TestEnvironment::binary()).run(readRequest("{\"rows\": 30, \"fail_at\": 5, \"behaviour\": \"wait_for_cancel\"}"),
				limits(), &cancel);
		}
		catch (const ExecutorFailure& e)
		{
			return std::string(e.what());
		}
		return std::string("<finished>");
	});
	std::this_thread::sleep_for(milliseconds(500));
	const auto start = std::chrono::steady_clock::now();
	cancel = true;
	CPPUNIT_ASSERT_EQUAL(std::string("the read was cancelled"), run.get());
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(3000));
}


void ExecutorTest::testRefusedPlugin()
{
	json::Value r = request("spec");
	r.set("plugin", std::string(POLYTOMIC_FIXTURE_DIR) + "/not_elf.so");
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the plugin was refused: it is not a shared library (no ELF header)"), failureOf(r, limits()));
}


void ExecutorTest::testPluginOutputCannotForgeTheAnswer()
{
	json::Value result = Executor(TestEnvironment::binary()).run(readRequest("{\"rows\": 30, \"fail_at\": 3, \"behaviour\": \"print\"}"),
		limits());
	CPPUNIT_ASSERT_EQUAL(int64_t(30), result["rows"].asInt64());
}


void ExecutorTest::testExitWithoutAnswer()
{
	CPPUNIT_ASSERT_EQUAL(std::string("failure: the executor of read exited with code 0 without a readable answer"),
		failureOf(readRequest("{\"rows\": 30, \"fail_at\": 3, \"behaviour\": \"exit\"}"), limits()));
	parentStillWorks();
}


namespace
{
	json::Value copyRequest(const std::string& sourceConfig, const std::string& store)
	{
		json::Value r = json::Value::parse(R"({"operation": "copy",
			"source": {"read": {"object": "numbers", "batch_rows": 10}},
			"destination": {"write": {"object": "numbers", "mode": 8, "identity": ["id"]}}})");
		json::Value source = r["source"], destination = r["destination"];
		source.set("plugin", GOOD);
		source.set("config", json::Value::parse(sourceConfig));
		destination.set("plugin", GOOD);
		destination.set("config", json::Value::parse("{\"rows\": 0, \"store\": \"" + store + "\"}"));
		r.set("source", source);
		r.set("destination", destination);
		return r;
	}


	std::size_t lines(const std::string& path)
	{
		std::ifstream in(path);
		std::size_t n = 0;
		std::string line;
		while (std::getline(in, line)) ++n;
		return n;
	}
}


void ExecutorTest::testCopy()
{
	Poco::TemporaryFile store;
	json::Value result = Executor(TestEnvironment::binary()).run(copyRequest("{\"rows\": 25}", store.path()), limits());
	CPPUNIT_ASSERT_EQUAL(int64_t(25), result["rows_read"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(25), result["records_written"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(0), result["records_rejected"].asInt64());
	CPPUNIT_ASSERT_EQUAL(int64_t(25), result["state"]["cursor"].asInt64());
	CPPUNIT_ASSERT(result.getBool("complete", false));
	CPPUNIT_ASSERT_EQUAL(std::size_t(25), lines(store.path()));
	// Resuming from the state copies nothing again.
	json::Value again = copyRequest("{\"rows\": 25}", store.path());
	json::Value source = again["source"];
	json::Value read = source["read"];
	read.set("state", result["state"]);
	source.set("read", read);
	again.set("source", source);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), Executor(TestEnvironment::binary()).run(again, limits())["rows_read"].asInt64());
	CPPUNIT_ASSERT_EQUAL(std::size_t(25), lines(store.path()));
}


void ExecutorTest::testCopyCrashCommitsNothing()
{
	Poco::TemporaryFile store;
	const std::string failure = failureOf(copyRequest("{\"rows\": 50, \"fail_at\": 35, \"behaviour\": \"segfault\"}", store.path()), limits());
	CPPUNIT_ASSERT_EQUAL(std::string("failure: the connector crashed during copy (killed by signal 11 (Segmentation fault))"), failure);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), lines(store.path()));
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the test connector failed on purpose"),
		failureOf(copyRequest("{\"rows\": 50, \"fail_at\": 35, \"behaviour\": \"error\"}", store.path()), limits()));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), lines(store.path()));
}


CppUnit::Test* ExecutorTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ExecutorTest");
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testSpecCheckDiscover);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testConnectorErrorsAreItsMessages);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testPluginsSeeNoServerSecret);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testReadAndResume);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testWriteReportsEveryRecord);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testSegfaultInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testHangInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testUnboundedAllocationInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCancellation);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testRefusedPlugin);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testPluginOutputCannotForgeTheAnswer);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testExitWithoutAnswer);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCopy);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCopyCrashCommitsNothing);
	return suite;
}
