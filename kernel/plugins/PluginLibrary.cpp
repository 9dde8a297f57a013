//
// PluginLibrary.cpp
//


#include "plugins/PluginLibrary.h"
#include "plugins/PluginError.h"
#include <dlfcn.h>
#include <fstream>
#include <sys/stat.h>


namespace polytomic {
namespace plugins {


namespace
{
	void checkElf(const std::string& path)
	{
		struct stat info;
		if (::stat(path.c_str(), &info) != 0) throw PluginRefused("the file does not exist");
		if (!S_ISREG(info.st_mode)) throw PluginRefused("it is not a regular file");
		std::ifstream in(path, std::ios::binary);
		char magic[4] = {};
		in.read(magic, 4);
		if (!in || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F')
			throw PluginRefused("it is not a shared library (no ELF header)");
	}
}


std::unique_ptr<PluginLibrary> PluginLibrary::open(const std::string& path)
{
	checkElf(path);
	void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
	if (!handle)
	{
		const char* error = ::dlerror();
		const std::string why = error ? error : "unknown reason";
		// A library the plugin links and the image lacks: say where the plugin looks for its own.
		const std::string hint = why.find("cannot open shared object file") != std::string::npos ?
			"; a plugin ships the native libraries it needs in the folder <connector id>/ beside the plugin (its $ORIGIN run path)" : "";
		throw PluginRefused("it cannot be loaded: " + why + hint);
	}
	auto manifestFn = reinterpret_cast<polytomic_manifest_fn>(::dlsym(handle, POLYTOMIC_MANIFEST_SYMBOL));
	if (!manifestFn)
		throw PluginRefused("it does not export " POLYTOMIC_MANIFEST_SYMBOL "(): it is not a Polytomic connector");
	std::unique_ptr<PluginLibrary> library(new PluginLibrary);
	library->_manifest = PluginManifest::fromAbi(manifestFn(), path);
	library->_open = reinterpret_cast<polytomic_open_fn>(::dlsym(handle, POLYTOMIC_OPEN_SYMBOL));
	if (!library->_open) throw PluginRefused("it does not export " POLYTOMIC_OPEN_SYMBOL "()");
	return library;
}


const PluginManifest& PluginLibrary::manifest() const
{
	return _manifest;
}


std::unique_ptr<ConnectorSession> PluginLibrary::connect(HostServices& host) const
{
	const polytomic_ops* ops = _open(host.table());
	if (!ops) throw ConnectorError("connector '" + _manifest.id + "' could not open an instance");
	return std::make_unique<ConnectorSession>(ops, host, _manifest);
}


} } // namespace polytomic::plugins
