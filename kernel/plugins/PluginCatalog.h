//
// PluginCatalog.h
//
// Definition of the PluginCatalog class.
//


#ifndef Polytomic_Plugins_PluginCatalog_INCLUDED
#define Polytomic_Plugins_PluginCatalog_INCLUDED


#include "plugins/PluginManifest.h"
#include <chrono>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class PluginCatalog
	/// The connectors of PLUGIN_DIR. Every *.so file is examined in a child
	/// process (`polytomic plugins probe <file>`), never in this one, so a plugin
	/// that crashes or hangs while loading costs only that child. Files are taken
	/// in name order; a connector id seen twice is refused the second time.
{
public:
	struct Refusal
	{
		std::string file;
		std::string reason;
		bool manifestRead = false;  /// whether the versions below are what the plugin declares
		std::string abiVersion;     /// "major.minor" of the connector ABI the plugin was built for
		std::string sdkVersion;     /// the connector SDK it was built with ("" when it gives none)
	};

	static PluginCatalog scan(const std::string& directory, const std::string& probeProgram,
		std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

	const std::vector<PluginManifest>& loaded() const;
	const std::vector<Refusal>& refused() const;

	const PluginManifest* find(const std::string& id) const;

	std::string directory() const;
	bool directoryExists() const;

private:
	std::string _directory;
	bool _exists = false;
	std::vector<PluginManifest> _loaded;
	std::vector<Refusal> _refused;
};


int probePlugin(const std::string& path);
	/// The child side of the scan: loads one plugin, checks its manifest and
	/// prints it as JSON ({"manifest": ...} or {"refused": "why"}, with
	/// "declared": {"abi_version", "sdk_version"} when a refused plugin's manifest
	/// could still be read) on standard output. Returns the process exit code.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_PluginCatalog_INCLUDED
