//
// main.cpp
//
// polytomic-connector-test: the conformance harness on its own, installed with
// the SDK (cmake --install <build> --component sdk). It needs no server,
// database or licence: it is its own executor, as the server binary is.
//


#include "plugins/ConformanceHarness.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "telemetry/Logging.h"
#include <iostream>
#include <string>
#include <vector>


int main(int argc, char** argv)
{
	// As the server's main: the executor's cancellation thread waits for these signals.
	polytomic::plugins::blockTerminationSignals();

	const std::vector<std::string> args(argv + 1, argv + argc);
	using namespace polytomic;
	// The harness starts this same program for the work it checks (Subprocess::selfExecutable()).
	if (args.size() == 1 && args[0] == "execute")
	{
		telemetry::Logging::configure("information", "text");
		return plugins::runExecutor(std::cin, std::cout);
	}
	if (args.size() == 3 && args[0] == "plugins" && args[1] == "probe") return plugins::probePlugin(args[2]);
	telemetry::Logging::configure("warning", "text");
	return plugins::runConformance(args, std::cout);
}
