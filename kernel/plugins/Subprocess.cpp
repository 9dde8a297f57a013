//
// Subprocess.cpp
//


#include "plugins/Subprocess.h"
#include <algorithm>
#include <string_view>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>


extern char** environ;


namespace polytomic {
namespace plugins {


namespace
{
	using Clock = std::chrono::steady_clock;


	void closeFd(int& fd)
	{
		if (fd >= 0) ::close(fd);
		fd = -1;
	}


	[[noreturn]] void execChild(const Subprocess::Options& options, char* const* argv, char* const* envp, int in, int out, int err)
		/// Between fork and exec only async-signal-safe calls: no allocation (another
		/// thread may have held the allocator's lock at the fork).
	{
		sigset_t none;
		sigemptyset(&none);
		pthread_sigmask(SIG_SETMASK, &none, nullptr);
		::signal(SIGPIPE, SIG_DFL);
		// An executor must not outlive the process that waits for it (a worker killed with -9).
		::prctl(PR_SET_PDEATHSIG, SIGKILL);
		::dup2(in, STDIN_FILENO);
		::dup2(out, STDOUT_FILENO);
		::dup2(err, STDERR_FILENO);
		if (options.memoryLimitBytes)
		{
			struct rlimit limit;
			limit.rlim_cur = limit.rlim_max = options.memoryLimitBytes;
			::setrlimit(RLIMIT_AS, &limit);
		}
		struct rlimit noCore = {0, 0};
		::setrlimit(RLIMIT_CORE, &noCore);
		::execve(options.program.c_str(), argv, envp);
		const char* message = "cannot execute the executor program\n";
		(void) !::write(STDERR_FILENO, message, std::strlen(message));
		::_exit(127);
	}
}


std::string Subprocess::Result::describeEnd() const
{
	if (timedOut) return "did not finish in time and was stopped";
	if (exited) return "exited with code " + std::to_string(exitCode);
	if (signal) return "was killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
	return "ended for an unknown reason";
}


Subprocess::Result Subprocess::run(const Options& options)
{
	int inPipe[2], outPipe[2], errPipe[2];
	if (::pipe2(inPipe, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
	if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
	std::vector<char*> argv;
	argv.push_back(const_cast<char*>(options.program.c_str()));
	for (const auto& a: options.args) argv.push_back(const_cast<char*>(a.c_str()));
	argv.push_back(nullptr);
	// The child's environment: this process's, without the variables it must not see.
	std::vector<char*> envp;
	for (char** variable = environ; *variable; ++variable)
	{
		const std::string_view entry(*variable);
		const std::string_view name = entry.substr(0, entry.find('='));
		if (std::find(options.hiddenVariables.begin(), options.hiddenVariables.end(), name) == options.hiddenVariables.end())
			envp.push_back(*variable);
	}
	envp.push_back(nullptr);
	const pid_t pid = ::fork();
	if (pid < 0) throw std::runtime_error(std::string("cannot start a child process: ") + std::strerror(errno));
	if (pid == 0) execChild(options, argv.data(), envp.data(), inPipe[0], outPipe[1], errPipe[1]);

	::close(inPipe[0]);
	::close(outPipe[1]);
	::close(errPipe[1]);
	int inFd = inPipe[1], outFd = outPipe[0], errFd = errPipe[0];
	::fcntl(inFd, F_SETFL, O_NONBLOCK);

	Result result;
	std::string input = options.input;   // what is still to be written to the child
	std::size_t written = 0;
	const bool conversing = static_cast<bool>(options.onOutputLine);
	if (input.empty() && !conversing) closeFd(inFd);
	const auto deadline = Clock::now() + options.timeout;
	Clock::time_point killAt = Clock::time_point::max();
	bool terminated = false;
	std::string errLine, outLine;
	const auto keep = [&](std::string& target, const char* data, std::size_t size) {
		const std::size_t room = options.maxOutputBytes > target.size() ? options.maxOutputBytes - target.size() : 0;
		if (size > room) result.outputTruncated = true;
		target.append(data, std::min(room, size));
	};
	const auto converse = [&](const char* data, std::size_t size) {
		outLine.append(data, size);
		std::size_t begin = 0, nl;
		while ((nl = outLine.find('\n', begin)) != std::string::npos)
		{
			const std::string line = outLine.substr(begin, nl - begin);
			std::string reply;
			if (options.onOutputLine(line, reply)) input += reply;
			else keep(result.out, outLine.data() + begin, nl + 1 - begin);
			begin = nl + 1;
		}
		outLine.erase(0, begin);
		// A line without its end is bounded like the output itself.
		if (outLine.size() > options.maxOutputBytes)
		{
			result.outputTruncated = true;
			outLine.clear();
		}
	};
	// A timeout kills at once; a cancellation asks first (SIGTERM) and kills after the grace.
	const auto enforceLimits = [&] {
		const auto now = Clock::now();
		if (!terminated && (now >= deadline || (options.cancel && options.cancel->load())))
		{
			result.timedOut = now >= deadline;
			result.cancelled = !result.timedOut;
			::kill(pid, result.timedOut ? SIGKILL : SIGTERM);
			killAt = now + options.cancelGrace;
			terminated = true;
		}
		if (terminated && now >= killAt) ::kill(pid, SIGKILL);
	};

	while (outFd >= 0 || errFd >= 0)
	{
		enforceLimits();

		pollfd fds[3];
		int n = 0;
		if (outFd >= 0) fds[n++] = {outFd, POLLIN, 0};
		if (errFd >= 0) fds[n++] = {errFd, POLLIN, 0};
		if (inFd >= 0 && written < input.size()) fds[n++] = {inFd, POLLOUT, 0};
		::poll(fds, static_cast<nfds_t>(n), 50);
		for (int i = 0; i < n; ++i)
		{
			if (!fds[i].revents) continue;
			if (fds[i].fd == inFd)
			{
				ssize_t k = ::write(inFd, input.data() + written, input.size() - written);
				if (k > 0) written += static_cast<std::size_t>(k);
				if (k < 0 && errno != EAGAIN) written = input.size();
				if (written >= input.size() && !conversing) closeFd(inFd);
				if (written >= input.size())
				{
					input.clear();
					written = 0;
				}
				continue;
			}
			char buffer[65536];
			ssize_t k = ::read(fds[i].fd, buffer, sizeof(buffer));
			if (k <= 0)
			{
				if (k < 0 && errno == EINTR) continue;
				if (fds[i].fd == outFd) closeFd(outFd);
				else closeFd(errFd);
				continue;
			}
			if (fds[i].fd == outFd && conversing) converse(buffer, static_cast<std::size_t>(k));
			else keep(fds[i].fd == outFd ? result.out : result.err, buffer, static_cast<std::size_t>(k));
			if (fds[i].fd == errFd && options.onStderrLine)
			{
				errLine.append(buffer, static_cast<std::size_t>(k));
				std::size_t nl;
				while ((nl = errLine.find('\n')) != std::string::npos)
				{
					options.onStderrLine(errLine.substr(0, nl));
					errLine.erase(0, nl + 1);
				}
			}
		}
	}
	closeFd(inFd);
	if (!errLine.empty() && options.onStderrLine) options.onStderrLine(errLine);
	if (!outLine.empty()) keep(result.out, outLine.data(), outLine.size());

	int status = 0;
	while (true)
	{
		pid_t done = ::waitpid(pid, &status, WNOHANG);
		if (done == pid) break;
		enforceLimits();
		::usleep(10000);
	}
	result.exited = WIFEXITED(status);
	result.exitCode = result.exited ? WEXITSTATUS(status) : -1;
	result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return result;
}


std::string Subprocess::selfExecutable()
{
	char path[4096];
	ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0) throw std::runtime_error("cannot find the running executable");
	path[n] = '\0';
	return path;
}


} } // namespace polytomic::plugins
