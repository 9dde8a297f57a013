//
// ConformanceHarness.cpp
//


#include "plugins/ConformanceHarness.h"
#include "plugins/PluginError.h"
#include "plugins/PluginManifest.h"
#include "plugins/Subprocess.h"
#include "polytomic/batch.hpp"
#include "Poco/UUIDGenerator.h"
#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>


namespace polytomic {
namespace plugins {


namespace
{
	class CheckFailed: public std::runtime_error
	{
	public:
		using std::runtime_error::runtime_error;
	};


	class CheckSkipped: public std::runtime_error
	{
	public:
		using std::runtime_error::runtime_error;
	};


	void require(bool condition, const std::string& why)
	{
		if (!condition) throw CheckFailed(why);
	}


	std::string validateSpec(const json::Value& spec)
	{
		const json::Value& schema = spec["configuration"];
		require(schema.isObject(), "spec has no \"configuration\" object");
		require(schema.getString("type") == "object", "the configuration schema's \"type\" must be \"object\"");
		require(schema["properties"].isObject() && schema["properties"].size() > 0, "the configuration schema has no \"properties\"");
		static const std::set<std::string> types = {"string", "integer", "number", "boolean", "object", "array", "null"};
		static const std::regex secretName("(password|secret|token|api_?key|private_?key|credential)", std::regex::icase);
		std::vector<std::string> secrets;
		for (const auto& [name, property]: schema["properties"].members())
		{
			require(property.isObject(), "property '" + name + "' is not an object");
			const json::Value& type = property["type"];
			bool typed = type.isString() && types.count(type.asString());
			if (type.isArray())
			{
				typed = type.size() > 0;
				for (const auto& t: type.items()) typed = typed && t.isString() && types.count(t.asString());
			}
			require(typed, "property '" + name + "' has no valid JSON Schema \"type\"");
			require(property["secret"].isNull() || property["secret"].isBool(), "property '" + name + "': \"secret\" must be true or false");
			const bool secret = property.getBool("secret", false);
			if (secret) secrets.push_back(name);
			require(secret || !std::regex_search(name, secretName), "property '" + name + "' looks secret but is not marked \"secret\": true");
		}
		if (schema["required"].isArray())
			for (const auto& r: schema["required"].items())
				require(r.isString() && schema["properties"].has(r.asString()), "\"required\" names a property that does not exist");
		std::string list;
		for (const auto& s: secrets) list += (list.empty() ? "" : ", ") + s;
		return secrets.empty() ? "no secret fields" : "secret fields: " + list;
	}


	json::Value normalizedCatalog(const json::Value& catalog)
	{
		std::vector<std::pair<std::string, json::Value>> objects;
		for (const auto& o: catalog["objects"].items()) objects.emplace_back(o.getString("id"), o);
		std::sort(objects.begin(), objects.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
		json::Value out = json::Value::array();
		for (auto& [id, o]: objects) out.push(o);
		return out;
	}


	const json::Value* findObject(const json::Value& catalog, const std::string& id)
	{
		for (const auto& o: catalog["objects"].items())
			if (o.getString("id") == id) return &o;
		return nullptr;
	}


	std::multiset<std::string> rowsByField(const json::Value& readResult, const std::vector<std::string>& names)
		/// The rows of a read, each as the JSON of the named fields' values, as a multiset.
	{
		std::vector<int> columns;
		for (const auto& name: names)
		{
			int found = -1;
			for (std::size_t i = 0; i < readResult["fields"].size(); ++i)
				if (readResult["fields"][i].getString("name") == name) found = static_cast<int>(i);
			columns.push_back(found);
		}
		std::multiset<std::string> rows;
		for (const auto& row: readResult["sample"].items())
		{
			json::Value picked = json::Value::array();
			for (int c: columns) picked.push(c < 0 ? json::Value() : row[static_cast<std::size_t>(c)]);
			rows.insert(picked.dump());
		}
		return rows;
	}


	uint32_t modeBit(const std::string& name)
	{
		static const std::map<std::string, uint32_t> bits = {{"append", POLYTOMIC_MODE_APPEND}, {"create", POLYTOMIC_MODE_CREATE},
			{"update", POLYTOMIC_MODE_UPDATE}, {"updateOrCreate", POLYTOMIC_MODE_UPDATE_OR_CREATE}, {"replace", POLYTOMIC_MODE_REPLACE},
			{"remove", POLYTOMIC_MODE_REMOVE}, {"snapshot", POLYTOMIC_MODE_SNAPSHOT}};
		return bits.at(name);
	}
}


ConformanceHarness::ConformanceHarness(Options options, std::string program):
	_options(std::move(options)),
	_executor(std::move(program))
{
	if (_options.writeObject.empty())
		_options.writeObject = "polytomic_harness_" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8);
}


json::Value ConformanceHarness::execute(const std::string& operation, const json::Value& config, const std::string& key,
	const json::Value& payload) const
{
	json::Value request = json::Value::object();
	request.set("plugin", _options.plugin);
	request.set("operation", operation);
	request.set("config", config);
	if (!key.empty()) request.set(key, payload);
	Executor::Limits limits;
	limits.timeout = std::chrono::milliseconds(300000);
	limits.memoryBytes = _options.memoryLimitBytes;
	return _executor.run(request, limits);
}


std::vector<ConformanceHarness::Outcome> ConformanceHarness::run(const std::function<void(const Outcome&)>& report)
{
	std::vector<Outcome> outcomes;
	bool stop = false;
	auto check = [&](const std::string& name, const std::function<std::string()>& body) {
		Outcome outcome{name, Outcome::SKIPPED, "an earlier check failed"};
		if (!stop)
		{
			try
			{
				outcome.detail = body();
				outcome.status = Outcome::PASSED;
			}
			catch (const CheckSkipped& e)
			{
				outcome.detail = e.what();
			}
			catch (const std::exception& e)
			{
				outcome.status = Outcome::FAILED;
				outcome.detail = e.what();
			}
		}
		outcomes.push_back(outcome);
		report(outcome);
		return outcome.status == Outcome::PASSED;
	};

	PluginManifest manifest;
	stop = !check("manifest is valid", [&] {
		Subprocess::Options probe;
		probe.program = Subprocess::selfExecutable();
		probe.args = {"plugins", "probe", _options.plugin};
		probe.timeout = std::chrono::milliseconds(10000);
		Subprocess::Result result = Subprocess::run(probe);
		require(result.exited, "loading it " + result.describeEnd());
		json::Value answer = json::Value::parse(result.out);
		require(!answer["refused"].isString(), answer.getString("refused"));
		manifest = PluginManifest::fromJson(answer["manifest"]);
		return manifest.id + " " + manifest.version + ", SDK " + manifest.sdkVersion;
	});

	check("spec is a JSON Schema with its secret fields marked", [&] { return validateSpec(execute("spec", _options.config)); });
	check("check passes on the given configuration", [&] {
		execute("check", _options.config);
		return std::string();
	});
	check("check fails cleanly on an empty configuration", [&] {
		try
		{
			execute("check", json::Value::object());
		}
		catch (const ConnectorError& e)
		{
			return "refused with: " + std::string(e.what());
		}
		throw CheckFailed("an empty configuration was accepted");
	});

	json::Value catalog;
	check("discover is stable", [&] {
		catalog = execute("discover", _options.config);
		const json::Value again = execute("discover", _options.config);
		require(normalizedCatalog(catalog).dump() == normalizedCatalog(again).dump(), "two discovers returned different catalogs");
		for (const auto& o: catalog["objects"].items())
		{
			require(o["id"].isString() && o["fields"].isArray(), "every object needs an \"id\" and \"fields\"");
			for (const auto& f: o["fields"].items()) sdk::parseType(f.getString("type"));
		}
		return std::to_string(catalog["objects"].size()) + " objects";
	});

	const json::Value* object = nullptr;
	json::Value full;
	std::string readObject = _options.object;
	auto readSpec = [&](const json::Value& state, int64_t batchRows, int64_t maxRows, int64_t sampleRows) {
		json::Value r = json::Value::object();
		r.set("object", readObject);
		if (object && (*object)["tracking_fields"].size() > 0) r.set("tracking_field", (*object)["tracking_fields"][0]);
		if (!state.isNull()) r.set("state", state);
		if (batchRows > 0) r.set("batch_rows", static_cast<long long>(batchRows));
		r.set("max_rows", static_cast<long long>(maxRows));
		r.set("sample_rows", static_cast<long long>(sampleRows));
		return r;
	};

	check("read returns what discover promised", [&] {
		if (!manifest.isSource()) throw CheckSkipped("not a source");
		require(catalog["objects"].size() > 0, "discover found no object to read");
		if (readObject.empty()) readObject = catalog["objects"][0].getString("id");
		object = findObject(catalog, readObject);
		require(object != nullptr, "the object '" + readObject + "' is not in the catalog");
		full = execute("read", _options.config, "read", readSpec(json::Value(), 0, -1, 1000));
		std::map<std::string, std::string> promised;
		for (const auto& f: (*object)["fields"].items()) promised[f.getString("name")] = f.getString("type");
		for (const auto& f: full["fields"].items())
		{
			auto it = promised.find(f.getString("name"));
			require(it != promised.end(), "read returned the field '" + f.getString("name") + "', which discover did not list");
			require(it->second == f.getString("type"), "field '" + it->first + "' was discovered as " + it->second + " but read as " +
				f.getString("type"));
		}
		return std::to_string(full["rows"].asInt64()) + " rows of " + readObject;
	});

	check("read resumes from its state", [&] {
		if (full.isNull()) throw CheckSkipped("nothing was read");
		const int64_t total = full["rows"].asInt64();
		if (total < 2) throw CheckSkipped("the object has fewer than 2 rows");
		const int64_t half = total / 2;
		json::Value first = execute("read", _options.config, "read", readSpec(json::Value(), half, half, 0));
		if (first["state"].isNull()) throw CheckSkipped("the read emitted no state (no tracking field)");
		json::Value rest = execute("read", _options.config, "read", readSpec(first["state"], 0, -1, 0));
		require(first["rows"].asInt64() + rest["rows"].asInt64() == total, "reading " + std::to_string(first["rows"].asInt64()) +
			" rows, then resuming, gave " + std::to_string(rest["rows"].asInt64()) + " more instead of " +
			std::to_string(total - first["rows"].asInt64()));
		json::Value after = execute("read", _options.config, "read", readSpec(full["state"], 0, -1, 0));
		require(after["rows"].asInt64() == 0, "resuming from the final state read " + std::to_string(after["rows"].asInt64()) + " rows again");
		return std::to_string(first["rows"].asInt64()) + " + " + std::to_string(rest["rows"].asInt64()) + " rows";
	});

	check("read stops when asked", [&] {
		if (full.isNull()) throw CheckSkipped("nothing was read");
		if (full["rows"].asInt64() < 3) throw CheckSkipped("the object has fewer than 3 rows");
		json::Value stopped = execute("read", _options.config, "read", readSpec(json::Value(), 1, 1, 0));
		require(!stopped.getBool("complete", true), "the read ran to its end although the host asked it to stop");
		require(stopped["rows"].asInt64() <= 2, "the read went on for " + std::to_string(stopped["rows"].asInt64()) + " rows after being asked to stop");
		return std::string();
	});

	check("memory stays bounded", [&] {
		if (full.isNull()) throw CheckSkipped("nothing was read");
		const long long peak = full["peak_rss_bytes"].asInt64();
		require(peak > 0 && static_cast<std::size_t>(peak) <= _options.memoryBoundBytes, "the executor peaked at " +
			std::to_string(peak >> 20) + " MiB reading " + std::to_string(full["rows"].asInt64()) + " rows (bound " +
			std::to_string(_options.memoryBoundBytes >> 20) + " MiB)");
		return "peak " + std::to_string(peak >> 20) + " MiB for " + std::to_string(full["rows"].asInt64()) + " rows";
	});

	for (const std::string& mode: manifest.modeNames())
	{
		std::string target = _options.writeObject + "_" + mode;
		std::transform(target.begin(), target.end(), target.begin(), [](unsigned char c) { return std::tolower(c); });
		std::vector<std::string> identity;
		std::vector<std::string> names;
		auto writeOnce = [&](const std::string& writeMode) {
			json::Value w = json::Value::object();
			w.set("object", target);
			w.set("mode", static_cast<long long>(modeBit(writeMode)));
			json::Value ids = json::Value::array();
			for (const auto& i: identity) ids.push(i);
			if (writeMode != "append") w.set("identity", ids);
			w.set("fields", full["fields"]);
			json::Value rows = json::Value::array();
			for (std::size_t i = 0; i < std::min<std::size_t>(full["sample"].size(), 20); ++i) rows.push(full["sample"][i]);
			json::Value batches = json::Value::array();
			batches.push(rows);
			w.set("batches", batches);
			json::Value result = execute("write", _options.config, "write", w);
			require(result["results"].size() == rows.size(), "write reported " + std::to_string(result["results"].size()) +
				" results for " + std::to_string(rows.size()) + " records");
			for (std::size_t i = 0; i < result["results"].size(); ++i)
				require(result["results"][i].getBool("ok", false), "record " + std::to_string(i) + " was rejected: " +
					result["results"][i].getString("message"));
			return rows.size();
		};
		auto readBack = [&]() -> json::Value {
			json::Value after = execute("discover", _options.config);
			if (!findObject(after, target)) return json::Value();
			json::Value r = json::Value::object();
			r.set("object", target);
			r.set("sample_rows", 100000LL);
			return execute("read", _options.config, "read", r);
		};

		check("write " + mode + " reports every record", [&] {
			if (full.isNull() || full["sample"].size() == 0) throw CheckSkipped("no records were read to write back");
			if (object && (*object)["primary_key"].size() > 0)
				for (const auto& k: (*object)["primary_key"].items()) identity.push_back(k.asString());
			else identity.push_back(full["fields"][0].getString("name"));
			for (const auto& f: full["fields"].items()) names.push_back(f.getString("name"));
			// update and remove act only on identities that exist: put the records there first.
			if ((mode == "update" || mode == "remove") && (manifest.writeModes & POLYTOMIC_MODE_UPDATE_OR_CREATE))
				writeOnce("updateOrCreate");
			return std::to_string(writeOnce(mode)) + " records into " + target;
		});

		check("write " + mode + " is idempotent and leaves the expected end state", [&] {
			if (full.isNull() || full["sample"].size() == 0) throw CheckSkipped("no records were read to write back");
			json::Value once = manifest.isSource() ? readBack() : json::Value();
			writeOnce(mode);
			if (!manifest.isSource()) throw CheckSkipped("the connector cannot read the object back");
			json::Value twice = readBack();
			if (twice.isNull()) throw CheckSkipped("the written object does not appear in discover");
			const auto first = rowsByField(once, names);
			const auto second = rowsByField(twice, names);
			if (mode == "append")
			{
				require(second.size() == first.size() * 2, "appending the records again did not add them again");
				return std::string("appended twice: ") + std::to_string(second.size()) + " rows";
			}
			require(first == second, "writing the same records again changed the object");
			if (mode == "remove")
			{
				require(second.empty(), "the removed records are still there");
				return std::string("object empty after remove");
			}
			json::Value written = json::Value::object();
			written.set("fields", full["fields"]);
			json::Value writtenRows = json::Value::array();
			for (std::size_t i = 0; i < std::min<std::size_t>(full["sample"].size(), 20); ++i) writtenRows.push(full["sample"][i]);
			written.set("sample", writtenRows);
			const auto sent = rowsByField(written, names);
			require(second == sent, "the object holds " + std::to_string(second.size()) + " rows that differ from the " +
				std::to_string(sent.size()) + " written");
			return std::to_string(second.size()) + " rows, unchanged by the second write";
		});
	}
	return outcomes;
}


int runConformance(const std::vector<std::string>& args, std::ostream& out)
{
	ConformanceHarness::Options options;
	std::string configFile;
	for (std::size_t i = 0; i < args.size(); ++i)
	{
		if (args[i] == "--config" && i + 1 < args.size()) configFile = args[++i];
		else if (args[i] == "--object" && i + 1 < args.size()) options.object = args[++i];
		else if (args[i] == "--write-object" && i + 1 < args.size()) options.writeObject = args[++i];
		else if (options.plugin.empty() && args[i].rfind("--", 0) != 0) options.plugin = args[i];
		else
		{
			out << "usage: polytomic connector test <plugin.so> --config <config.json> [--object <id>] [--write-object <name>]" << std::endl;
			return 64;
		}
	}
	if (options.plugin.empty() || configFile.empty())
	{
		out << "usage: polytomic connector test <plugin.so> --config <config.json> [--object <id>] [--write-object <name>]" << std::endl;
		return 64;
	}
	std::ifstream in(configFile);
	if (!in)
	{
		out << "cannot read the configuration file " << configFile << std::endl;
		return 66;
	}
	std::stringstream text;
	text << in.rdbuf();
	try
	{
		options.config = json::Value::parse(text.str());
	}
	catch (const json::ParseError& e)
	{
		out << configFile << " is not valid JSON: " << e.what() << std::endl;
		return 65;
	}

	ConformanceHarness harness(options, Subprocess::selfExecutable());
	int passed = 0, failed = 0, skipped = 0;
	harness.run([&](const ConformanceHarness::Outcome& o) {
		const char* label = o.status == ConformanceHarness::Outcome::PASSED ? "PASS" : o.status == ConformanceHarness::Outcome::FAILED ? "FAIL" : "SKIP";
		out << label << "  " << o.check << (o.detail.empty() ? "" : ": " + o.detail) << std::endl;
		(o.status == ConformanceHarness::Outcome::PASSED ? passed : o.status == ConformanceHarness::Outcome::FAILED ? failed : skipped)++;
	});
	if (skipped) out << skipped << " check" << (skipped == 1 ? "" : "s") << " skipped (see SKIP above)" << std::endl;
	out << passed << " passed, " << failed << " failed" << std::endl;
	return failed == 0 ? 0 : 1;
}


} } // namespace polytomic::plugins
