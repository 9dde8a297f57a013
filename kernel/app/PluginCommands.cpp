//
// PluginCommands.cpp
//
// The plugins, plugins probe and execute commands.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "plugins/ConformanceHarness.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "plugins/Subprocess.h"
#include "telemetry/Logging.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>


namespace polytomic {
namespace app {


namespace
{
	std::string describe(const plugins::PluginManifest& m)
	{
		std::ostringstream text;
		text << m.name << ' ' << m.version << " (SDK " << m.sdkVersion << ", ABI " << m.abiMajor << '.' << m.abiMinor << "; ";
		text << (m.isSource() && m.isDestination() ? "source and destination" : m.isSource() ? "source" : "destination");
		const auto modes = m.modeNames();
		if (!modes.empty())
		{
			text << "; modes";
			for (const auto& mode: modes) text << ' ' << mode;
		}
		text << ')';
		return text.str();
	}
}


plugins::PluginCatalog scanPlugins(const std::string& directory, Poco::Logger& logger)
{
	plugins::PluginCatalog catalog = plugins::PluginCatalog::scan(directory, plugins::Subprocess::selfExecutable());
	if (!catalog.directoryExists())
		logger.warning("PLUGIN_DIR " + directory + " does not exist: no connectors are available");
	for (const auto& m: catalog.loaded()) logger.information("connector " + m.id + ": " + describe(m) + " from " + m.path);
	for (const auto& r: catalog.refused()) logger.warning("plugin " + r.file + " refused: " + r.reason);
	return catalog;
}


int listPlugins()
{
	const std::string directory = config::Settings::load(config::Environment::fromProcess()).settings.pluginDir;
	plugins::PluginCatalog catalog = plugins::PluginCatalog::scan(directory, plugins::Subprocess::selfExecutable());
	std::cout << "Plugin folder: " << directory << (catalog.directoryExists() ? "" : " (does not exist)") << "\n\n";
	std::cout << "Loaded connectors (" << catalog.loaded().size() << "):\n";
	// The id column as wide as the longest id: a long one must not run into the name.
	std::size_t width = 20;
	for (const auto& m: catalog.loaded()) width = std::max(width, m.id.size() + 2);
	for (const auto& m: catalog.loaded())
		std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << m.id << describe(m) << "\n";
	std::cout << "\nRefused plugins (" << catalog.refused().size() << "):\n";
	for (const auto& r: catalog.refused()) std::cout << "  " << r.file << ": " << r.reason << "\n";
	std::cout << std::flush;
	return Poco::Util::Application::EXIT_OK;
}


int probePlugin(const std::string& path)
{
	return plugins::probePlugin(path);
}


int connectorTest(const std::vector<std::string>& args)
{
	telemetry::Logging::configure("warning", "text");
	return plugins::runConformance(args, std::cout);
}


int execute()
{
	telemetry::Logging::configure("information", "text");
	return plugins::runExecutor(std::cin, std::cout);
}


} } // namespace polytomic::app
