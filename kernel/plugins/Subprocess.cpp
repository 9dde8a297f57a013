//
// Subprocess.cpp
//


#include "plugins/Subprocess.h"
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <stdexcept>
#include <string_view>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>


extern char** environ;


namespace polytomic {
namespace plugins {


namespace
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	constexpr bool SANITIZER_BUILD = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	constexpr bool SANITIZER_BUILD = true;
#else
	constexpr bool SANITIZER_BUILD = false;
#endif
#else
	constexpr bool SANITIZER_BUILD = false;
#endif
		/// An address-space limit leaves AddressSanitizer and ThreadSanitizer no room for their
		/// shadow memory (terabytes reserved up front): sanitizer builds run executors without it.


	using Clock = std::chrono::steady_clock;


	void closeFd(int& fd)
	{
		if (fd >= 0) ::close(fd);
		fd = -1;
	}


	struct Pipes
		/// The three pipes of a child, closed on every path out of run().
	{
		int in[2] = {-1, -1};
		int out[2] = {-1, -1};
		int err[2] = {-1, -1};

		Pipes()
		{
			for (int* pipe: {in, out, err})
				if (::pipe2(pipe, O_CLOEXEC) != 0)
				{
					const int error = errno;
					closeAll();
					throw std::runtime_error(std::string("cannot create a pipe for a child process: ") + std::strerror(error));
				}
		}

		~Pipes() { closeAll(); }

		void closeChildEnds()
		{
			closeFd(in[0]);
			closeFd(out[1]);
			closeFd(err[1]);
		}

		void closeAll()
		{
			for (int* pipe: {in, out, err})
			{
				closeFd(pipe[0]);
				closeFd(pipe[1]);
			}
		}
	};


	void closeDescriptorsFrom(int first)
		/// Async-signal-safe: between fork and exec.
	{
		if (::close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
		struct rlimit limit;
		const int last = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ?
			static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20)) : 65536;
		for (int fd = first; fd < last; ++fd) ::close(fd);
	}


	[[noreturn]] void childFailed(const char* message)
	{
		(void) !::write(STDERR_FILENO, message, std::strlen(message));
		::_exit(127);
	}


	void keepOnlyStandardDescriptors(int in, int out, int err)
		/// The child keeps its three pipes as 0, 1 and 2 and nothing else of the
		/// server's (the listening socket, database connections, files). The pipes
		/// move above 2 first, so that a dup2 onto 0-2 cannot close one still needed.
	{
		int moved[3] = {in, out, err};
		for (int& fd: moved)
			if ((fd = ::fcntl(fd, F_DUPFD, 3)) < 0) childFailed("cannot prepare the executor's standard streams\n");
		for (int i = 0; i < 3; ++i)
			if (::dup2(moved[i], i) != i) childFailed("cannot prepare the executor's standard streams\n");
		closeDescriptorsFrom(3);
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
		// Its own process group: a timeout kills what plugin code started as well.
		::setpgid(0, 0);
		keepOnlyStandardDescriptors(in, out, err);
		if (options.memoryLimitBytes && !SANITIZER_BUILD)
		{
			struct rlimit limit;
			limit.rlim_cur = limit.rlim_max = options.memoryLimitBytes;
			::setrlimit(RLIMIT_AS, &limit);
		}
		struct rlimit noCore = {0, 0};
		::setrlimit(RLIMIT_CORE, &noCore);
		::execve(options.program.c_str(), argv, envp);
		childFailed("cannot execute the executor program\n");
	}


	std::vector<std::string> childEnvironment(const Subprocess::Options& options)
	{
		std::vector<std::string> entries;
		for (char** variable = environ; *variable; ++variable)
		{
			const std::string_view entry(*variable);
			const std::string name(entry.substr(0, entry.find('=')));
			if (Subprocess::inheritedVariable(name) && !options.environment.count(name)) entries.emplace_back(entry);
		}
		for (const auto& [name, value]: options.environment) entries.push_back(name + "=" + value);
		return entries;
	}


	long long systemOomKills()
		/// The kernel's count of processes its OOM killer ended (any cgroup), or -1.
	{
		std::ifstream vmstat("/proc/vmstat");
		std::string name;
		long long value = 0;
		while (vmstat >> name >> value)
			if (name == "oom_kill") return value;
		return -1;
	}


	class Child
		/// A started child: signals go to its process group; it is killed and reaped
		/// if run() leaves early.
	{
	public:
		explicit Child(pid_t pid): _pid(pid) {}

		~Child()
		{
			if (_reaped) return;
			::kill(-_pid, SIGKILL);
			::kill(_pid, SIGKILL);
			int status = 0;
			struct rusage usage;
			reap(status, usage, 0);
		}

		void signal(int number) const
		{
			// The group exists once the child called setpgid; until then the process alone.
			if (number == SIGKILL) ::kill(-_pid, number);
			::kill(_pid, number);
		}

		pid_t reap(int& status, struct rusage& usage, int flags)
			/// waitpid with its usage: the pid when it ended, 0 while it runs, -1 when its end is unknown (ECHILD).
		{
			while (true)
			{
				const pid_t done = ::wait4(_pid, &status, flags, &usage);
				if (done < 0 && errno == EINTR) continue;
				if (done != 0) _reaped = true;
				return done;
			}
		}

	private:
		pid_t _pid;
		bool _reaped = false;
	};
}


std::string Subprocess::Result::describeEnd() const
{
	if (timedOut) return "did not finish in time and was stopped";
	if (exited) return "exited with code " + std::to_string(exitCode);
	if (signal) return "was killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
	return "ended for an unknown reason";
}


bool Subprocess::inheritedVariable(const std::string& name)
{
	static const char* const names[] = {"PATH", "HOME", "USER", "LOGNAME", "SHELL", "TZ", "LANG", "LANGUAGE", "TMPDIR", "TMP", "TEMP",
		"SSL_CERT_FILE", "SSL_CERT_DIR"};
	for (const char* allowed: names)
		if (name == allowed) return true;
	return name.rfind("LC_", 0) == 0 || name.rfind("CONNECTOR_", 0) == 0;
}


Subprocess::Result Subprocess::run(const Options& options)
{
	Pipes pipes;
	std::vector<char*> argv;
	argv.push_back(const_cast<char*>(options.program.c_str()));
	for (const auto& a: options.args) argv.push_back(const_cast<char*>(a.c_str()));
	argv.push_back(nullptr);
	const std::vector<std::string> environment = childEnvironment(options);
	std::vector<char*> envp;
	for (const auto& entry: environment) envp.push_back(const_cast<char*>(entry.c_str()));
	envp.push_back(nullptr);
	const long long oomKillsBefore = systemOomKills();
	const pid_t pid = ::fork();
	if (pid < 0) throw std::runtime_error(std::string("cannot start a child process: ") + std::strerror(errno));
	if (pid == 0) execChild(options, argv.data(), envp.data(), pipes.in[0], pipes.out[1], pipes.err[1]);
	Child child(pid);

	pipes.closeChildEnds();
	int& inFd = pipes.in[1];
	int& outFd = pipes.out[0];
	int& errFd = pipes.err[0];
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
			child.signal(result.timedOut ? SIGKILL : SIGTERM);
			killAt = now + options.cancelGrace;
			terminated = true;
		}
		if (terminated && now >= killAt) child.signal(SIGKILL);
	};

	// Stops reading a grace after the kill: whatever plugin code started may hold the pipes open.
	while ((outFd >= 0 || errFd >= 0) && !(terminated && Clock::now() >= killAt))
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
				if (k < 0 && errno != EAGAIN && errno != EINTR) written = input.size();
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
				if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
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
	pipes.closeAll();
	if (!errLine.empty() && options.onStderrLine) options.onStderrLine(errLine);
	if (!outLine.empty()) keep(result.out, outLine.data(), outLine.size());

	int status = 0;
	struct rusage usage{};
	while (true)
	{
		const pid_t done = child.reap(status, usage, WNOHANG);
		if (done == pid) break;
		if (done < 0)
		{
			result.reaped = false;
			return result;
		}
		enforceLimits();
		::usleep(10000);
	}
	result.exited = WIFEXITED(status);
	result.exitCode = result.exited ? WEXITSTATUS(status) : -1;
	result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	result.peakResidentBytes = static_cast<long long>(usage.ru_maxrss) * 1024;
	const long long oomKillsAfter = systemOomKills();
	result.systemOutOfMemory = oomKillsBefore >= 0 && oomKillsAfter > oomKillsBefore;
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
