//
// ExecutorTest.cpp
//


#include "ExecutorTest.h"
#include "plugins/Executor.h"
#include "plugins/PluginError.h"
#include "support/Sanitizer.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <map>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::plugins;
using polytomic::test::Sanitizer;
using polytomic::test::TestEnvironment;
using std::chrono::milliseconds;


namespace
{
	const std::string GOOD = std::string(POLYTOMIC_FIXTURE_DIR) + "/a_good.so";
	const std::string LYING = POLYTOMIC_LYING_FIXTURE;


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


	const std::string OUT_OF_MEMORY_UNCHECKED = "an executor's memory limit (a sanitizer's shadow memory leaves no room for "
		"the address-space limit, so sanitizer builds run executors without it, and an unbounded allocation would take the machine's memory)";


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
	const std::map<std::string, std::string> server = {{"ENCRYPTION_KEY", "not-for-plugins"}, {"DATABASE_URL", "postgres://u:p@localhost/app"},
		{"SOMETHING_SECRET", "x"}, {"POLYTOMIC_FIXTURE_VISIBLE", "yes"}, {"TZ", "UTC"}, {"CONNECTOR_FIXTURE_OPTION", "on"}};
	for (const auto& [name, value]: server) ::setenv(name.c_str(), value.c_str(), 1);
	Executor executor(TestEnvironment::binary());
	// An allow-list: neither the server's known secrets nor a variable it knows nothing about reach plugin code.
	CPPUNIT_ASSERT(executor.run(request("check", R"({"rows": 1, "visible_variables": ["ENCRYPTION_KEY", "DATABASE_URL",
		"SOMETHING_SECRET", "POLYTOMIC_FIXTURE_VISIBLE"]})"), limits()).isObject());
	// The check can fail: what is on the allow-list is inherited.
	CPPUNIT_ASSERT_EQUAL(std::string("connector: TZ is visible"),
		failureOf(request("check", R"({"rows": 1, "visible_variables": ["TZ"]})"), limits()));
	CPPUNIT_ASSERT_EQUAL(std::string("connector: CONNECTOR_FIXTURE_OPTION is visible"),
		failureOf(request("check", R"({"rows": 1, "visible_variables": ["CONNECTOR_FIXTURE_OPTION"]})"), limits()));
	for (const auto& entry: server) ::unsetenv(entry.first.c_str());
}


namespace
{
	std::map<int, std::string> descriptorsOfAnExecutor()
		/// What plugin code in an executor has open (fd -> target), from the fixture's report.
	{
		const std::string failure = failureOf(request("check", R"({"rows": 1, "report_descriptors": true})"), limits());
		const std::string prefix = "connector: descriptors: ";
		CPPUNIT_ASSERT_MESSAGE(failure, failure.rfind(prefix, 0) == 0);
		std::map<int, std::string> descriptors;
		std::istringstream entries(failure.substr(prefix.size()));
		std::string entry;
		while (entries >> entry)
			descriptors[std::stoi(entry.substr(0, entry.find('=')))] = entry.substr(entry.find('=') + 1);
		return descriptors;
	}
}


void ExecutorTest::testExecutorHoldsOnlyItsPipes()
{
	// What a server holds: a listening socket and a file, opened without close-on-exec as POCO does.
	const int listening = ::socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in address{};
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CPPUNIT_ASSERT_EQUAL(0, ::bind(listening, reinterpret_cast<sockaddr*>(&address), sizeof(address)));
	CPPUNIT_ASSERT_EQUAL(0, ::listen(listening, 4));
	Poco::TemporaryFile file;
	const int open = ::open(file.path().c_str(), O_CREAT | O_RDWR, 0600);
	CPPUNIT_ASSERT(open > 2);

	const std::map<int, std::string> descriptors = descriptorsOfAnExecutor();
	::close(listening);
	::close(open);
	std::string listing;
	for (const auto& [fd, target]: descriptors) listing += std::to_string(fd) + "=" + target + " ";
	for (int standard: {0, 1, 2}) CPPUNIT_ASSERT_MESSAGE(listing, descriptors.count(standard));
	// Its three pipes (and the executor's own copy of standard output, the answer): nothing else.
	for (const auto& [fd, target]: descriptors) CPPUNIT_ASSERT_MESSAGE(listing, target.rfind("pipe:", 0) == 0);
	CPPUNIT_ASSERT_MESSAGE(listing, descriptors.size() <= 4);
}


namespace
{
	std::vector<pid_t> childrenOfThisProcess()
	{
		std::vector<pid_t> children;
		DIR* proc = ::opendir("/proc");
		while (const dirent* entry = proc ? ::readdir(proc) : nullptr)
		{
			const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
			if (pid <= 0) continue;
			std::ifstream status("/proc/" + std::string(entry->d_name) + "/status");
			std::string line;
			while (std::getline(status, line))
				if (line.rfind("PPid:", 0) == 0 && std::atoi(line.c_str() + 5) == ::getpid()) children.push_back(pid);
		}
		if (proc) ::closedir(proc);
		return children;
	}
}


void ExecutorTest::testKilledFromOutsideIsNotOutOfMemory()
{
	auto run = std::async(std::launch::async, [] {
		return failureOf(readRequest("{\"rows\": 30, \"fail_at\": 5, \"behaviour\": \"hang\"}"), limits());
	});
	std::vector<pid_t> executors;
	for (int i = 0; i < 200 && executors.empty(); ++i)
	{
		std::this_thread::sleep_for(milliseconds(25));
		executors = childrenOfThisProcess();
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), executors.size());
	std::this_thread::sleep_for(milliseconds(300)); // the plugin is loaded and hanging
	::kill(executors[0], SIGKILL);
	const std::string failure = run.get();
	CPPUNIT_ASSERT_MESSAGE(failure, failure.find("failure: the executor of read was killed from outside (signal 9)") == 0);
	CPPUNIT_ASSERT_MESSAGE(failure, failure.find("not for memory") != std::string::npos);
	parentStillWorks();
}


void ExecutorTest::testKilledNearItsMemoryLimitIsOutOfMemory()
{
	const std::string failure = failureOf(readRequest("{\"rows\": 30, \"fail_at\": 5, \"behaviour\": \"swell_and_die\"}"),
		limits(60000, std::size_t(256) << 20));
	CPPUNIT_ASSERT_MESSAGE(failure, failure.find("failure: the connector ran out of memory during read (it was killed by signal 9 using ") == 0);
	CPPUNIT_ASSERT_MESSAGE(failure, failure.find(" of its 256 MiB limit") != std::string::npos);
}


namespace
{
	std::string lie(const std::string& how)
	{
		json::Value r = readRequest("{\"rows\": 25, \"lie\": \"" + how + "\"}");
		r.set("plugin", LYING);
		return failureOf(r, limits());
	}
}


void ExecutorTest::testLyingBatchesAreRefused()
{
	const std::string refused = "connector: connector 'test_lying' emitted a malformed batch: ";
	const std::map<std::string, std::string> lies = {
		{"offset_past_data", "field 'label': offsets decrease at row 1 (2147418112 then 10)"},
		{"decreasing_offsets", "field 'label': offsets decrease at row 1 (5 then 2)"},
		{"negative_offset", "field 'label': offset -1000 of row 0 is negative"},
		{"missing_values", "field 'id': its values buffer is missing (null)"},
		{"unmapped_values", "field 'id': its values buffer (80 bytes, as its length and offsets claim) is not in the plugin's memory"},
		{"buffer_count", "field 'id': format 'l' has 2 buffers, not 1"},
		{"null_count", "field 'label': null_count 15 is out of range (-1 to its length, 10)"},
		{"column_length", "field 'id': length 1099511627776 is out of range (0 to 2147483648)"},
		{"child_count", "field 'id': a column of format 'l' has no children (it has 0 in its schema, 2 in its array)"},
		{"metadata", "field 'id': metadata entry 0 claims a length of -5 bytes"},
		{"large_strings", "field 'label': format 'U' (64-bit offsets) is not supported; emit 'u' or 'z' (32-bit offsets), as the SDK's BatchBuilder does"},
	};
	for (const auto& [how, problem]: lies) CPPUNIT_ASSERT_EQUAL_MESSAGE(how, refused + problem, lie(how));
	CPPUNIT_ASSERT_EQUAL(int64_t(25), [] {
		json::Value r = readRequest("{\"rows\": 25}");
		r.set("plugin", LYING);
		return Executor(TestEnvironment::binary()).run(r, limits())["rows"].asInt64();
	}());
}


void ExecutorTest::testReadAnswerIsBounded()
{
	// What the server reads of an answer is bounded, and an answer past it is the connector's fault, said so.
	Executor::Limits bounded = limits();
	bounded.answerBytes = 200;
	CPPUNIT_ASSERT_EQUAL(std::string("connector: the connector's answer to read is larger than the 200 bytes the server reads from an executor; "
		"ask for less (fewer rows or columns in a preview)"), failureOf(readRequest("{\"rows\": 25}"), bounded));
	CPPUNIT_ASSERT_EQUAL(Executor::READ_ANSWER_BYTES, Executor(TestEnvironment::binary()).limitsFor("read").answerBytes);
	CPPUNIT_ASSERT_EQUAL(std::size_t(64) << 20, Executor(TestEnvironment::binary()).limitsFor("discover").answerBytes);
}


void ExecutorTest::testACutValueIsReported()
{
	// A value past the sample's bound is cut with a note; the answer says so, and a query's result is then truncated.
	Executor executor(TestEnvironment::binary());
	json::Value whole = executor.run(readRequest("{\"rows\": 2}"), limits());
	CPPUNIT_ASSERT(!whole.getBool("sample_values_cut", true));
	json::Value cut = executor.run(readRequest("{\"rows\": 2, \"label_bytes\": " + std::to_string(Executor::SAMPLE_VALUE_BYTES + 10) + "}"), limits());
	CPPUNIT_ASSERT(cut.getBool("sample_values_cut", false));
	CPPUNIT_ASSERT(cut["sample"][0][1].asString().find("[truncated: ") != std::string::npos);
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


void ExecutorTest::testLimitsComeFromTheConfiguration()
{
	Executor::Configuration configuration;
	configuration.checkTimeout = milliseconds(1000);
	configuration.discoverTimeout = milliseconds(7000);
	configuration.syncTimeout = milliseconds(9000);
	configuration.memoryBytes = std::size_t(384) << 20;
	const Executor executor(TestEnvironment::binary(), configuration);
	CPPUNIT_ASSERT_EQUAL(int64_t(7000), static_cast<int64_t>(executor.limitsFor("discover").timeout.count()));
	CPPUNIT_ASSERT_EQUAL(int64_t(9000), static_cast<int64_t>(executor.limitsFor("copy").timeout.count()));
	CPPUNIT_ASSERT_EQUAL(int64_t(9000), static_cast<int64_t>(executor.limitsFor("sync").timeout.count()));
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), static_cast<int64_t>(executor.limitsFor("spec").timeout.count()));
	const auto start = std::chrono::steady_clock::now();
	try
	{
		executor.run(readRequest("{\"rows\": 30, \"fail_at\": 15, \"behaviour\": \"hang\"}"));
		CPPUNIT_FAIL("a hanging read finished");
	}
	catch (const ExecutorTimedOut& e)
	{
		CPPUNIT_ASSERT_EQUAL(std::string("the connector did not finish read within 1 s; it was stopped (the limit is the setting EXECUTOR_CHECK_TIMEOUT)"),
			std::string(e.what()));
	}
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(5000));
	if (Sanitizer::skips(OUT_OF_MEMORY_UNCHECKED)) return;
	configuration.checkTimeout = milliseconds(60000); // filling 384 MiB takes longer than a second on a busy machine
	try
	{
		Executor(TestEnvironment::binary(), configuration).run(readRequest("{\"rows\": 30, \"fail_at\": 15, \"behaviour\": \"allocate\"}"));
		CPPUNIT_FAIL("an unbounded allocation finished");
	}
	catch (const ConnectorError& e)
	{
		CPPUNIT_ASSERT_EQUAL(std::string("the connector ran out of memory during read (limit 384 MiB)"), std::string(e.what()));
	}
}


void ExecutorTest::testUnboundedAllocationInRead()
{
	if (Sanitizer::skips(OUT_OF_MEMORY_UNCHECKED)) return;
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
	// Two connectors ran in that executor: the message says which one crashed.
	CPPUNIT_ASSERT_EQUAL(std::string("failure: the source connector 'test_good' crashed during copy (killed by signal 11 (Segmentation fault))"),
		failure);
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
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testExecutorHoldsOnlyItsPipes);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testKilledFromOutsideIsNotOutOfMemory);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testKilledNearItsMemoryLimitIsOutOfMemory);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testLyingBatchesAreRefused);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testReadAndResume);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testACutValueIsReported);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testReadAnswerIsBounded);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testWriteReportsEveryRecord);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testSegfaultInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testHangInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testLimitsComeFromTheConfiguration);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testUnboundedAllocationInRead);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCancellation);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testRefusedPlugin);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testPluginOutputCannotForgeTheAnswer);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testExitWithoutAnswer);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCopy);
	POLYTOMIC_ADD_TEST(suite, ExecutorTest, testCopyCrashCommitsNothing);
	return suite;
}
