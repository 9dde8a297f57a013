//
// CrashSignals.cpp
//


#include "plugins/CrashSignals.h"
#include <csignal>
#include <cstring>
#include <unistd.h>
#include <initializer_list>


namespace polytomic {
namespace plugins {


void restoreCrashSignals()
{
	for (int signal: {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
	{
		struct sigaction action = {};
		action.sa_handler = SIG_DFL;
		sigemptyset(&action.sa_mask);
		::sigaction(signal, &action, nullptr);
	}
}


const char* const CRASH_MARK = "polytomic: the crash was in the ";


namespace
{
	thread_local const char* crashingConnector = nullptr;


	void writeAll(const char* text)
	{
		// Only async-signal-safe calls here.
		std::size_t left = std::strlen(text);
		while (left > 0)
		{
			const ssize_t n = ::write(STDERR_FILENO, text, left);
			if (n <= 0) return;
			text += n;
			left -= static_cast<std::size_t>(n);
		}
	}


	void onCrash(int signal)
	{
		if (const char* who = crashingConnector)
		{
			writeAll(CRASH_MARK);
			writeAll(who);
			writeAll("\n");
		}
		// SA_RESETHAND restored the default action: the process ends by this signal, as before.
		::raise(signal);
	}
}


void reportCrashingConnector()
{
	for (int signal: {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
	{
		struct sigaction action = {};
		action.sa_handler = &onCrash;
		action.sa_flags = SA_RESETHAND | SA_NODEFER;
		sigemptyset(&action.sa_mask);
		::sigaction(signal, &action, nullptr);
	}
}


CrashingConnector::CrashingConnector(const std::string& description):
	_previous(crashingConnector)
{
	if (!description.empty()) crashingConnector = description.c_str();
}


CrashingConnector::~CrashingConnector()
{
	crashingConnector = _previous;
}


} } // namespace polytomic::plugins
