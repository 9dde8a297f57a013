//
// ChildProcess.h
//
// Definition of the ChildProcess class.
//


#ifndef Polytomic_Test_ChildProcess_INCLUDED
#define Polytomic_Test_ChildProcess_INCLUDED


#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>


namespace polytomic {
namespace test {


class ChildProcess
	/// A program under test (the polytomic binary, its entrypoint script, a
	/// redis-server) run as a real child process with exactly the environment
	/// given (plus PATH), its output captured to a file. Killed when destroyed.
{
public:
	ChildProcess(const std::string& program, const std::vector<std::string>& args,
		const std::map<std::string, std::string>& environment);
	~ChildProcess();
	ChildProcess(const ChildProcess&) = delete;
	ChildProcess& operator=(const ChildProcess&) = delete;

	pid_t pid() const;

	void signal(int signal);

	std::optional<int> wait(std::chrono::milliseconds timeout);
		/// The exit code once the process ended (128 + signal when killed), or
		/// nothing when it still runs at the timeout.

	bool running();

	std::string output() const;
		/// Everything it wrote to standard output and standard error so far.

	bool waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const;

	static std::string run(const std::string& program, const std::vector<std::string>& args,
		const std::map<std::string, std::string>& environment, int& exitCode,
		std::chrono::milliseconds timeout = std::chrono::milliseconds(60000));
		/// Runs to completion; returns the output.

	static std::unique_ptr<ChildProcess> startRedis(unsigned port);
		/// A throw-away redis-server on the loopback port, ready to use.

private:
	pid_t _pid = -1;
	std::optional<int> _exitCode;
	std::string _outputFile;
};


//
// inlines
//
inline pid_t ChildProcess::pid() const
{
	return _pid;
}


} } // namespace polytomic::test


#endif // Polytomic_Test_ChildProcess_INCLUDED
