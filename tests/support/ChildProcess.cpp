//
// ChildProcess.cpp
//


#include "support/ChildProcess.h"
#include "support/TestEnvironment.h"
#include "Poco/TemporaryFile.h"
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>


namespace polytomic {
namespace test {


ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
	const std::map<std::string, std::string>& environment):
	_outputFile(Poco::TemporaryFile::tempName())
{
	std::vector<std::string> envStrings;
	const char* path = std::getenv("PATH");
	envStrings.push_back(std::string("PATH=") + (path ? path : "/usr/bin:/bin"));
	for (const auto& [name, value]: environment) envStrings.push_back(name + "=" + value);

	std::vector<char*> argv;
	argv.push_back(const_cast<char*>(program.c_str()));
	for (const auto& a: args) argv.push_back(const_cast<char*>(a.c_str()));
	argv.push_back(nullptr);
	std::vector<char*> envp;
	for (auto& e: envStrings) envp.push_back(const_cast<char*>(e.c_str()));
	envp.push_back(nullptr);

	int fd = ::open(_outputFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) throw std::runtime_error("cannot create " + _outputFile);
	_pid = ::fork();
	if (_pid < 0) throw std::runtime_error("fork failed");
	if (_pid == 0)
	{
		sigset_t none;
		sigemptyset(&none);
		pthread_sigmask(SIG_SETMASK, &none, nullptr);
		::dup2(fd, STDOUT_FILENO);
		::dup2(fd, STDERR_FILENO);
		::close(fd);
		::execve(program.c_str(), argv.data(), envp.data());
		::_exit(127);
	}
	::close(fd);
}


ChildProcess::~ChildProcess()
{
	if (running())
	{
		::kill(_pid, SIGKILL);
		wait(std::chrono::milliseconds(5000));
	}
	::unlink(_outputFile.c_str());
}


void ChildProcess::signal(int signal)
{
	if (!_exitCode) ::kill(_pid, signal);
}


std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout)
{
	const auto deadline = std::chrono::steady_clock::now() + timeout;
	while (!_exitCode)
	{
		int status = 0;
		pid_t done = ::waitpid(_pid, &status, WNOHANG);
		if (done == _pid)
		{
			_exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			break;
		}
		if (std::chrono::steady_clock::now() >= deadline) break;
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	return _exitCode;
}


bool ChildProcess::running()
{
	return !wait(std::chrono::milliseconds(0)).has_value();
}


std::string ChildProcess::output() const
{
	std::ifstream in(_outputFile);
	std::stringstream text;
	text << in.rdbuf();
	return text.str();
}


bool ChildProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const
{
	const auto deadline = std::chrono::steady_clock::now() + timeout;
	while (std::chrono::steady_clock::now() < deadline)
	{
		if (output().find(text) != std::string::npos) return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(25));
	}
	return output().find(text) != std::string::npos;
}


std::string ChildProcess::run(const std::string& program, const std::vector<std::string>& args,
	const std::map<std::string, std::string>& environment, int& exitCode, std::chrono::milliseconds timeout)
{
	ChildProcess child(program, args, environment);
	auto code = child.wait(timeout);
	if (!code) throw std::runtime_error(program + " did not finish in time; output:\n" + child.output());
	exitCode = *code;
	return child.output();
}


std::unique_ptr<ChildProcess> ChildProcess::startRedis(unsigned port)
{
	auto redis = std::make_unique<ChildProcess>(TestEnvironment::redisServer(),
		std::vector<std::string>{"--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"},
		std::map<std::string, std::string>{});
	if (!redis->waitForOutput("Ready to accept connections", std::chrono::milliseconds(10000)))
		throw std::runtime_error("redis-server did not start: " + redis->output());
	return redis;
}


} } // namespace polytomic::test
