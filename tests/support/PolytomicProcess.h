//
// PolytomicProcess.h
//
// Definition of the PolytomicProcess helpers (test support for the app suite).
//


#ifndef PolytomicProcess_INCLUDED
#define PolytomicProcess_INCLUDED


#include "support/ChildProcess.h"
#include "support/HttpProbe.h"
#include "support/TestEnvironment.h"
#include <map>
#include <memory>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace test {


inline std::string entrypoint()
{
	return TestEnvironment::sourceDir() + "/docker/entrypoint.sh";
}


inline std::map<std::string, std::string> evaluationEnvironment(const std::string& databaseUrl, unsigned port)
	/// The smallest environment the server starts with: evaluation mode.
{
	return {{"POLYTOMIC_BIN", TestEnvironment::binary()}, {"EVALUATION", "true"}, {"ROOT_USER", "root@example.com"},
		{"DATABASE_URL", databaseUrl}, {"PORT", std::to_string(port)}, {"SHUTDOWN_TIMEOUT", "10"}};
}


inline std::unique_ptr<ChildProcess> startServer(const std::map<std::string, std::string>& environment)
	/// Starts the server through the entrypoint and waits until /status.txt answers.
{
	auto server = std::make_unique<ChildProcess>(entrypoint(), std::vector<std::string>{}, environment);
	const unsigned port = static_cast<unsigned>(std::stoul(environment.at("PORT")));
	if (!HttpProbe::waitUntilServing(port, std::chrono::milliseconds(40000)))
		throw std::runtime_error("the server did not start; its output:\n" + server->output());
	return server;
}


inline std::string runCommand(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment,
	int& exitCode)
{
	return ChildProcess::run(entrypoint(), args, environment, exitCode);
}


} } // namespace polytomic::test


#endif // PolytomicProcess_INCLUDED
