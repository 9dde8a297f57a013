//
// SanitizerOptions.cpp
//
// The sanitizer runtimes' default options, compiled into every executable of a
// -DPOLYTOMIC_SANITIZE build (tests/sanitize/Sanitizers.cmake). ASAN_OPTIONS,
// UBSAN_OPTIONS and TSAN_OPTIONS still override them where they reach.
//
// Every report goes to a file of the build's sanitizer-reports folder, whichever
// process (test runner, server, executor) had it: tests/sanitize.sh lists them
// and fails when there is one.
//
// detect_leaks=0: LeakSanitizer runs at exit, and the server's exit leaves POCO's
// singletons and the thread pool's objects allocated on purpose, and children
// killed by a signal never run it. What matters for a server, memory that grows
// while it runs, is measured by the abuse suite (tests/abuse) instead.
// LEAKS=1 tests/sanitize.sh asan turns it on (through ASAN_OPTIONS, runners only).
//


#include <dlfcn.h>


#define POLYTOMIC_REPORTS "log_path=" POLYTOMIC_SANITIZER_REPORTS "/report"


extern "C" const char* __asan_default_options()
{
	return POLYTOMIC_REPORTS ":detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0:print_suppressions=0";
}


extern "C" const char* __ubsan_default_options()
{
	return POLYTOMIC_REPORTS ":print_stacktrace=1:halt_on_error=1";
}


extern "C" const char* __tsan_default_options()
{
	// Reports do not stop the process: a race is written down and the run goes on.
	return POLYTOMIC_REPORTS ":halt_on_error=0:second_deadlock_stack=1:report_signal_unsafe=0";
}


namespace
{
	struct UndefinedBehaviourReports
		/// GCC links AddressSanitizer and UndefinedBehaviorSanitizer as two shared runtimes,
		/// each with its own report file: UBSan's ignores log_path when ASan runs too and
		/// writes to standard error, where a server's or executor's report would be lost
		/// (seen: "runtime error: store to null pointer" on stderr, no report file). Its own
		/// __sanitizer_set_report_path, looked up in libubsan itself, points it at the folder.
	{
		UndefinedBehaviourReports()
		{
			void* ubsan = ::dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
			if (!ubsan) return; // not loaded: ThreadSanitizer, or UBSan alone (which reads log_path)
			using SetReportPath = void (*)(const char*);
			if (auto set = reinterpret_cast<SetReportPath>(::dlsym(ubsan, "__sanitizer_set_report_path")))
				set(POLYTOMIC_SANITIZER_REPORTS "/report");
			::dlclose(ubsan);
		}
	} undefinedBehaviourReports;
}
