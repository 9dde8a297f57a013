//
// Subprocess.h
//
// Definition of the Subprocess class.
//


#ifndef Polytomic_Plugins_Subprocess_INCLUDED
#define Polytomic_Plugins_Subprocess_INCLUDED


#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class Subprocess
	/// Runs a program as a child process with a time limit, an address-space
	/// limit and cancellation, feeding it standard input and collecting its
	/// standard output and standard error. The child is always reaped.
	///
	/// The child runs plugin code, so it holds nothing of the server's but its
	/// three pipes (every other descriptor is closed before the program starts)
	/// and an environment built from an allow-list (inheritedVariable()) plus
	/// the variables the caller names.
{
public:
	struct Options
	{
		std::string program;
		std::vector<std::string> args;
		std::string input;
		std::chrono::milliseconds timeout{60000};
		std::size_t memoryLimitBytes = 0;          /// RLIMIT_AS of the child; 0: none
		std::size_t maxOutputBytes = 64 << 20;     /// output beyond this is dropped (and flagged)
		const std::atomic<bool>* cancel = nullptr; /// when it turns true: SIGTERM, then SIGKILL after the grace
		std::chrono::milliseconds cancelGrace{5000};
		std::function<void(const std::string&)> onStderrLine; /// each line of standard error as it arrives
		std::map<std::string, std::string> environment; /// set in the child besides the inherited variables
		std::function<bool(const std::string& line, std::string& reply)> onOutputLine;
			/// When set: each line of standard output as it arrives; true when it was
			/// a message for this process (not part of out), whose reply (if any) is
			/// written to the child's standard input, which stays open for it.
	};

	struct Result
	{
		bool exited = false;     /// ended by exit(); exitCode is valid
		int exitCode = -1;
		int signal = 0;          /// the signal that ended it, when it did not exit
		bool timedOut = false;
		bool cancelled = false;
		bool outputTruncated = false;
		bool reaped = true;      /// false: its end is unknown (another part of the process reaped it)
		long long peakResidentBytes = 0; /// the child's maximum resident set size
		bool systemOutOfMemory = false;  /// the kernel's OOM killer killed a process while the child ran
		std::string out;
		std::string err;

		std::string describeEnd() const;
			/// "exited with code 3", "was killed by signal 11 (Segmentation fault)", ...
	};

	static Result run(const Options& options);
		/// Throws std::runtime_error only when the child cannot be started.

	static std::string selfExecutable();
		/// The path of the running binary (/proc/self/exe).

	static bool inheritedVariable(const std::string& name);
		/// Whether a child gets this variable of the server's environment: PATH,
		/// HOME, USER, LOGNAME, SHELL, TZ, LANG, LANGUAGE, LC_*, TMPDIR, TMP, TEMP,
		/// SSL_CERT_FILE, SSL_CERT_DIR and CONNECTOR_* (options connectors document).
		/// Nothing else: a variable the server was given is presumed secret.
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_Subprocess_INCLUDED
