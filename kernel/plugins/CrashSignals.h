//
// CrashSignals.h
//
// Definition of the restoreCrashSignals and reportCrashingConnector functions
// and the CrashingConnector class.
//


#ifndef Polytomic_Plugins_CrashSignals_INCLUDED
#define Polytomic_Plugins_CrashSignals_INCLUDED


#include <string>


namespace polytomic {
namespace plugins {


void restoreCrashSignals();
	/// Gives SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT their default action again.
	/// POCO turns some of them into exceptions, which would end a crashing
	/// plugin's process with SIGABRT and hide the real cause from the parent.
	/// Called by the processes that host plugin code (probe, executor).


void reportCrashingConnector();
	/// Makes a crash signal first write CRASH_MARK and the description of the
	/// connector the crashing thread was running (CrashingConnector) to standard
	/// error, then end the process with that signal as before. An executor of a
	/// copy or sync runs two connectors: the parent says which one crashed.


extern const char* const CRASH_MARK;
	/// The start of the line reportCrashingConnector() writes.


class CrashingConnector
	/// Names, for the lifetime of the scope, the connector whose code the current
	/// thread runs (e.g. "source connector 'postgresql'"); nothing when empty.
{
public:
	explicit CrashingConnector(const std::string& description);
	~CrashingConnector();

	CrashingConnector(const CrashingConnector&) = delete;
	CrashingConnector& operator=(const CrashingConnector&) = delete;

private:
	const char* _previous;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_CrashSignals_INCLUDED
