//
// PluginManifest.cpp
//


#include "plugins/PluginManifest.h"
#include "plugins/PluginError.h"
#include <cstddef>


namespace polytomic {
namespace plugins {


namespace
{
	std::string abiVersion(unsigned major, unsigned minor)
	{
		return std::to_string(major) + "." + std::to_string(minor);
	}


	bool validId(const char* id)
	{
		if (!id || !*id) return false;
		std::size_t n = 0;
		for (const char* p = id; *p; ++p, ++n)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') || n >= 64) return false;
		return true;
	}


	const std::pair<uint32_t, const char*> MODES[] = {{POLYTOMIC_MODE_APPEND, "append"}, {POLYTOMIC_MODE_CREATE, "create"},
		{POLYTOMIC_MODE_UPDATE, "update"}, {POLYTOMIC_MODE_UPDATE_OR_CREATE, "updateOrCreate"}, {POLYTOMIC_MODE_REPLACE, "replace"},
		{POLYTOMIC_MODE_REMOVE, "remove"}, {POLYTOMIC_MODE_SNAPSHOT, "snapshot"}};
}


PluginManifest PluginManifest::fromAbi(const polytomic_manifest* m, const std::string& path)
{
	if (!m) throw PluginRefused("its manifest entry point returned nothing");
	if (m->magic != POLYTOMIC_ABI_MAGIC) throw PluginRefused("its manifest has the wrong magic number; it was not built with the Polytomic connector SDK");
	const std::string kernel = abiVersion(POLYTOMIC_ABI_MAJOR, POLYTOMIC_ABI_MINOR);
	const std::string plugin = abiVersion(m->abi_major, m->abi_minor);
	if (m->abi_major != POLYTOMIC_ABI_MAJOR)
		throw PluginRefused("it was built for connector ABI " + plugin + ", but this server speaks ABI " + kernel +
			" (a different major version); rebuild it with SDK " + POLYTOMIC_SDK_VERSION);
	if (m->abi_minor > POLYTOMIC_ABI_MINOR)
		throw PluginRefused("it was built for connector ABI " + plugin + ", newer than this server's ABI " + kernel +
			"; upgrade the server or rebuild the plugin with SDK " + POLYTOMIC_SDK_VERSION);
	if (m->size < offsetof(polytomic_manifest, write_modes) + sizeof(m->write_modes))
		throw PluginRefused("its manifest is smaller than ABI " + plugin + " defines (" + std::to_string(m->size) + " bytes)");
	if (!validId(m->id)) throw PluginRefused("its connector id must be 1-64 characters of a-z, 0-9 and _");
	if (!m->name || !*m->name || !m->version || !m->sdk_version) throw PluginRefused("its manifest lacks a name, version or SDK version");
	if (!(m->capabilities & (POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION)))
		throw PluginRefused("it is neither a source nor a destination");
	PluginManifest out;
	out.path = path;
	out.id = m->id;
	out.name = m->name;
	out.version = m->version;
	out.sdkVersion = m->sdk_version;
	out.abiMajor = m->abi_major;
	out.abiMinor = m->abi_minor;
	out.capabilities = m->capabilities;
	out.writeModes = m->write_modes;
	return out;
}


json::Value PluginManifest::toJson() const
{
	json::Value v = json::Value::object();
	v.set("path", path);
	v.set("id", id);
	v.set("name", name);
	v.set("version", version);
	v.set("sdk_version", sdkVersion);
	v.set("abi_major", abiMajor);
	v.set("abi_minor", abiMinor);
	v.set("capabilities", capabilities);
	v.set("write_modes", writeModes);
	return v;
}


PluginManifest PluginManifest::fromJson(const json::Value& v)
{
	PluginManifest m;
	m.path = v.getString("path");
	m.id = v.getString("id");
	m.name = v.getString("name");
	m.version = v.getString("version");
	m.sdkVersion = v.getString("sdk_version");
	m.abiMajor = static_cast<unsigned>(v.getInt64("abi_major", 0));
	m.abiMinor = static_cast<unsigned>(v.getInt64("abi_minor", 0));
	m.capabilities = static_cast<uint32_t>(v.getInt64("capabilities", 0));
	m.writeModes = static_cast<uint32_t>(v.getInt64("write_modes", 0));
	return m;
}


std::vector<std::string> PluginManifest::modeNames() const
{
	std::vector<std::string> names;
	for (const auto& [bit, name]: MODES)
		if (writeModes & bit) names.push_back(name);
	return names;
}


bool PluginManifest::isSource() const
{
	return capabilities & POLYTOMIC_CAP_SOURCE;
}


bool PluginManifest::isDestination() const
{
	return capabilities & POLYTOMIC_CAP_DESTINATION;
}


} } // namespace polytomic::plugins
