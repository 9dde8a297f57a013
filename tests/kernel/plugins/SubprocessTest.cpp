//
// SubprocessTest.cpp
//


#include "SubprocessTest.h"
#include "plugins/Subprocess.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <dirent.h>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>


using namespace polytomic::plugins;
using std::chrono::milliseconds;


namespace
{
	int openDescriptors()
	{
		int n = 0;
		DIR* directory = ::opendir("/proc/self/fd");
		while (::readdir(directory)) ++n;
		::closedir(directory);
		return n;
	}


	Subprocess::Options shell(const std::string& script, milliseconds timeout = milliseconds(10000))
	{
		Subprocess::Options options;
		options.program = "/bin/sh";
		options.args = {"-c", script};
		options.timeout = timeout;
		options.cancelGrace = milliseconds(500);
		return options;
	}


	std::optional<Subprocess::Result> runWithin(const Subprocess::Options& options, milliseconds limit)
		/// The result, or nothing when run() has not returned in time (it is left running).
	{
		auto done = std::make_shared<std::promise<Subprocess::Result>>();
		auto result = done->get_future();
		std::thread([options, done] { done->set_value(Subprocess::run(options)); }).detach();
		if (result.wait_for(limit) != std::future_status::ready) return std::nullopt;
		return result.get();
	}


	bool gone(pid_t pid)
	{
		std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
		std::string text;
		std::getline(stat, text);
		return text.empty() || text.find(") Z") != std::string::npos;
	}
}


void SubprocessTest::testNoDescriptorLeaksWhenDescriptorsRunOut()
{
	const int before = openDescriptors();
	struct rlimit saved;
	::getrlimit(RLIMIT_NOFILE, &saved);
	// Room for the first pipes only: run() fails part-way, after creating some.
	for (int room = 0; room <= 5; ++room)
	{
		struct rlimit low = saved;
		low.rlim_cur = static_cast<rlim_t>(before + room);
		::setrlimit(RLIMIT_NOFILE, &low);
		try
		{
			Subprocess::run(shell("true"));
		}
		catch (const std::runtime_error&)
		{
		}
		::setrlimit(RLIMIT_NOFILE, &saved);
		CPPUNIT_ASSERT_EQUAL_MESSAGE("room for " + std::to_string(room), before, openDescriptors());
	}
}


void SubprocessTest::testChildReapedElsewhere()
{
	// With SIGCHLD ignored the kernel reaps children itself: waitpid answers ECHILD.
	struct sigaction ignore{}, saved{};
	ignore.sa_handler = SIG_IGN;
	::sigaction(SIGCHLD, &ignore, &saved);
	const auto result = runWithin(shell("exit 3"), milliseconds(10000));
	::sigaction(SIGCHLD, &saved, nullptr);
	CPPUNIT_ASSERT_MESSAGE("run() did not return", result.has_value());
	CPPUNIT_ASSERT(!result->reaped);
	CPPUNIT_ASSERT_EQUAL(std::string("ended for an unknown reason"), result->describeEnd());
}


void SubprocessTest::testTimeoutStopsWhatTheChildStarted()
{
	// A grandchild keeps standard output open: the timeout still ends run(), and the grandchild.
	const auto start = std::chrono::steady_clock::now();
	const auto result = runWithin(shell("sleep 60 & echo $!; wait", milliseconds(500)), milliseconds(8000));
	CPPUNIT_ASSERT_MESSAGE("run() waited for the grandchild", result.has_value());
	CPPUNIT_ASSERT(result->timedOut);
	CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < milliseconds(5000));
	const pid_t grandchild = static_cast<pid_t>(std::stol(result->out));
	for (int i = 0; i < 100 && !gone(grandchild); ++i) std::this_thread::sleep_for(milliseconds(20));
	CPPUNIT_ASSERT(gone(grandchild));
}


CppUnit::Test* SubprocessTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SubprocessTest");
	POLYTOMIC_ADD_TEST(suite, SubprocessTest, testNoDescriptorLeaksWhenDescriptorsRunOut);
	POLYTOMIC_ADD_TEST(suite, SubprocessTest, testChildReapedElsewhere);
	POLYTOMIC_ADD_TEST(suite, SubprocessTest, testTimeoutStopsWhatTheChildStarted);
	return suite;
}
