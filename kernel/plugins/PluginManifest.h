//
// PluginManifest.h
//
// Definition of the PluginManifest struct.
//


#ifndef Polytomic_Plugins_PluginManifest_INCLUDED
#define Polytomic_Plugins_PluginManifest_INCLUDED


#include "polytomic/connector.h"
#include "polytomic/json.hpp"
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


struct PluginManifest
	/// What a plugin says about itself, copied out of its library and checked.
{
	std::string path;
	std::string id;
	std::string name;
	std::string version;
	std::string sdkVersion;
	unsigned abiMajor = 0;
	unsigned abiMinor = 0;
	uint32_t capabilities = 0;
	uint32_t writeModes = 0;

	static PluginManifest fromAbi(const polytomic_manifest* manifest, const std::string& path);
		/// Checks the manifest against this server's ABI before anything else of
		/// the plugin is used: magic, size, ABI major equal, ABI minor not newer,
		/// an id of [a-z0-9_]{1,64}, the strings present. Throws PluginRefused
		/// naming both versions where versions are the reason.

	json::Value toJson() const;
	static PluginManifest fromJson(const json::Value& value);

	std::vector<std::string> modeNames() const;
		/// The write modes in the API's words: append, create, update, updateOrCreate, ...

	bool isSource() const;
	bool isDestination() const;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_PluginManifest_INCLUDED
