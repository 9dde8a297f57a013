//
// PluginLibrary.h
//
// Definition of the PluginLibrary class.
//


#ifndef Polytomic_Plugins_PluginLibrary_INCLUDED
#define Polytomic_Plugins_PluginLibrary_INCLUDED


#include "plugins/ConnectorSession.h"
#include "plugins/PluginManifest.h"
#include <memory>
#include <string>


namespace polytomic {
namespace plugins {


class PluginLibrary
	/// One connector plugin loaded into this process. Only an executor or a
	/// probe process loads plugins: never the web process.
	///
	/// The library is never unloaded: the process that loaded it ends with its
	/// unit of work, and unloading C++ code with static objects is fragile.
{
public:
	static std::unique_ptr<PluginLibrary> open(const std::string& path);
		/// Checks that the file is an ELF shared object, loads it (RTLD_NOW,
		/// RTLD_LOCAL: its symbols do not leak into other plugins), reads its
		/// manifest and checks it before calling anything else, and finds the
		/// open entry point. Throws PluginRefused with the reason.

	const PluginManifest& manifest() const;

	std::unique_ptr<ConnectorSession> connect(HostServices& host) const;
		/// Opens a connector instance; throws ConnectorError when the plugin refuses.

private:
	PluginLibrary() = default;

	PluginManifest _manifest;
	polytomic_open_fn _open = nullptr;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_PluginLibrary_INCLUDED
