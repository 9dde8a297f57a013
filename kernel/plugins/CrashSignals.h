//
// CrashSignals.h
//
// Definition of the restoreCrashSignals function.
//


#ifndef Polytomic_Plugins_CrashSignals_INCLUDED
#define Polytomic_Plugins_CrashSignals_INCLUDED


namespace polytomic {
namespace plugins {


void restoreCrashSignals();
	/// Gives SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT their default action again.
	/// POCO turns some of them into exceptions, which would end a crashing
	/// plugin's process with SIGABRT and hide the real cause from the parent.
	/// Called by the processes that host plugin code (probe, executor).


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_CrashSignals_INCLUDED
