//
// CrashSignals.cpp
//


#include "plugins/CrashSignals.h"
#include <csignal>
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


} } // namespace polytomic::plugins
