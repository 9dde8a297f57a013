//
// PluginCatalog.cpp
//


#include "plugins/PluginCatalog.h"
#include "plugins/HostServices.h"
#include "plugins/CrashSignals.h"
#include "plugins/PluginError.h"
#include "plugins/PluginLibrary.h"
#include "plugins/Subprocess.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include <algorithm>
#include <cstring>
#include <dlfcn.h>
#include <future>
#include <iostream>


namespace polytomic {
namespace plugins {


namespace
{
	const char* declaredSdkVersion(const polytomic_manifest* m)
		/// The manifest's sdk_version if it points to a short string inside the plugin's own
		/// image (a plugin of another ABI major may have put anything there), else nullptr.
	{
		if (m->size < offsetof(polytomic_manifest, sdk_version) + sizeof(m->sdk_version) || !m->sdk_version) return nullptr;
		Dl_info manifest{}, text{};
		if (!::dladdr(m, &manifest) || !::dladdr(m->sdk_version, &text) || manifest.dli_fbase != text.dli_fbase) return nullptr;
		const std::size_t length = ::strnlen(m->sdk_version, 64);
		return length > 0 && length < 64 ? m->sdk_version : nullptr;
	}


	json::Value declaredVersions(const std::string& path)
		/// What a refused plugin's manifest says of its ABI and SDK versions, read only
		/// when PluginLibrary got as far as loading it (RTLD_NOLOAD: the file is never
		/// opened anew here); null when it did not, or when it has no Polytomic manifest.
	{
		void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
		if (!handle) return json::Value();
		auto manifestFn = reinterpret_cast<polytomic_manifest_fn>(::dlsym(handle, POLYTOMIC_MANIFEST_SYMBOL));
		const polytomic_manifest* m = manifestFn ? manifestFn() : nullptr;
		// size, magic and the ABI version open every version's manifest; the rest may differ.
		if (!m || m->magic != POLYTOMIC_ABI_MAGIC) return json::Value();
		json::Value declared = json::Value::object();
		declared.set("abi_version", std::to_string(m->abi_major) + "." + std::to_string(m->abi_minor));
		const char* sdk = declaredSdkVersion(m);
		declared.set("sdk_version", sdk ? std::string(sdk) : std::string());
		return declared;
	}


	void readDeclared(const std::string& out, PluginCatalog::Refusal& refusal)
	{
		try
		{
			const json::Value declared = json::Value::parse(out)["declared"];
			if (!declared.isObject()) return;
			refusal.manifestRead = true;
			refusal.abiVersion = declared.getString("abi_version");
			refusal.sdkVersion = declared.getString("sdk_version");
		}
		catch (const std::exception&)
		{
		}
	}


	std::string reasonFrom(const Subprocess::Result& result, std::chrono::milliseconds timeout)
	{
		if (result.timedOut)
			return "it did not finish loading within " + std::to_string(timeout.count() / 1000) + " s (a static initializer may hang)";
		if (!result.exited) return "it crashed while loading (" + result.describeEnd().substr(4) + ")";
		try
		{
			json::Value answer = json::Value::parse(result.out);
			if (answer["refused"].isString()) return answer["refused"].asString();
		}
		catch (const std::exception&)
		{
		}
		return "examining it failed: the probe " + result.describeEnd() + (result.err.empty() ? "" : ": " + result.err.substr(0, 300));
	}
}


PluginCatalog PluginCatalog::scan(const std::string& directory, const std::string& probeProgram, std::chrono::milliseconds timeout)
{
	PluginCatalog catalog;
	catalog._directory = directory;
	Poco::File folder(directory);
	catalog._exists = folder.exists() && folder.isDirectory();
	if (!catalog._exists) return catalog;

	std::vector<std::string> files;
	for (Poco::DirectoryIterator it(directory), end; it != end; ++it)
	{
		const std::string name = it.name();
		if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0 && !it->isDirectory()) files.push_back(it->path());
	}
	std::sort(files.begin(), files.end());

	// Probes run side by side, a few at a time, so one hanging plugin delays start-up by one timeout, not one each.
	std::vector<Subprocess::Result> results(files.size());
	const std::size_t parallel = 8;
	for (std::size_t first = 0; first < files.size(); first += parallel)
	{
		std::vector<std::future<Subprocess::Result>> running;
		for (std::size_t i = first; i < std::min(files.size(), first + parallel); ++i)
		{
			running.push_back(std::async(std::launch::async, [&, i] {
				Subprocess::Options options;
				options.program = probeProgram;
				options.args = {"plugins", "probe", files[i]};
				options.timeout = timeout;
				options.memoryLimitBytes = std::size_t(1) << 30;
				return Subprocess::run(options);
			}));
		}
		for (std::size_t k = 0; k < running.size(); ++k) results[first + k] = running[k].get();
	}

	for (std::size_t i = 0; i < files.size(); ++i)
	{
		const std::string& file = files[i];
		const Subprocess::Result& result = results[i];
		const std::string name = Poco::Path(file).getFileName();
		if (!(result.exited && result.exitCode == 0))
		{
			Refusal refusal{name, reasonFrom(result, timeout), false, "", ""};
			if (result.exited) readDeclared(result.out, refusal);
			catalog._refused.push_back(refusal);
			continue;
		}
		try
		{
			PluginManifest manifest = PluginManifest::fromJson(json::Value::parse(result.out)["manifest"]);
			if (const PluginManifest* first = catalog.find(manifest.id))
			{
				Refusal refusal{name, "connector id '" + manifest.id + "' is already provided by " + Poco::Path(first->path).getFileName(), false, "", ""};
				refusal.manifestRead = true;
				refusal.abiVersion = std::to_string(manifest.abiMajor) + "." + std::to_string(manifest.abiMinor);
				refusal.sdkVersion = manifest.sdkVersion;
				catalog._refused.push_back(refusal);
				continue;
			}
			catalog._loaded.push_back(manifest);
		}
		catch (const std::exception& e)
		{
			catalog._refused.push_back({name, std::string("examining it failed: ") + e.what(), false, "", ""});
		}
	}
	return catalog;
}


const std::vector<PluginManifest>& PluginCatalog::loaded() const
{
	return _loaded;
}


const std::vector<PluginCatalog::Refusal>& PluginCatalog::refused() const
{
	return _refused;
}


const PluginManifest* PluginCatalog::find(const std::string& id) const
{
	for (const auto& m: _loaded)
		if (m.id == id) return &m;
	return nullptr;
}


std::string PluginCatalog::directory() const
{
	return _directory;
}


bool PluginCatalog::directoryExists() const
{
	return _exists;
}


int probePlugin(const std::string& path)
{
	restoreCrashSignals();
	json::Value answer = json::Value::object();
	int code = 0;
	try
	{
		auto library = PluginLibrary::open(path);
		// A plugin that cannot open an instance would be listed as loaded and fail only when used.
		HostServices host(library->manifest().id);
		try
		{
			library->connect(host);
		}
		catch (const std::exception&)
		{
			throw PluginRefused("its " POLYTOMIC_OPEN_SYMBOL "() returned no instance (the connector's constructor failed or it returned "
				"NULL): it could not do any work");
		}
		answer.set("manifest", library->manifest().toJson());
	}
	catch (const PluginRefused& e)
	{
		answer.set("refused", e.what());
		const json::Value declared = declaredVersions(path);
		if (declared.isObject()) answer.set("declared", declared);
		code = 3;
	}
	std::cout << answer.dump() << std::endl;
	return code;
}


} } // namespace polytomic::plugins
