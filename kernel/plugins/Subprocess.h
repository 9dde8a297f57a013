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
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class Subprocess
	/// Runs a program as a child process with a time limit, an address-space
	/// limit and cancellation, feeding it standard input and collecting its
	/// standard output and standard error. The child is always reaped.
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
		std::function<bool(const std::string& line, std::string& reply)> onOutputLine;
			/// When set: each line of standard output as it arrives; true when it was
			/// a message for this process (not part of out), whose reply (if any) is
			/// written to the child's standard input, which stays open for it.
		std::vector<std::string> hiddenVariables;  /// environment variables the child does not inherit
	};

	struct Result
	{
		bool exited = false;     /// ended by exit(); exitCode is valid
		int exitCode = -1;
		int signal = 0;          /// the signal that ended it, when it did not exit
		bool timedOut = false;
		bool cancelled = false;
		bool outputTruncated = false;
		std::string out;
		std::string err;

		std::string describeEnd() const;
			/// "exited with code 3", "was killed by signal 11 (Segmentation fault)", ...
	};

	static Result run(const Options& options);
		/// Throws std::runtime_error only when the child cannot be started.

	static std::string selfExecutable();
		/// The path of the running binary (/proc/self/exe).
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_Subprocess_INCLUDED
