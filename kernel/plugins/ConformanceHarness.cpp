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


	json::Value projected(const json::Value& readResult, const std::vector<std::string>& names)
		/// The read's fields and sample rows narrowed to names (all of them when names is empty).
	{
		if (names.empty()) return readResult;
		std::vector<std::size_t> columns;
		json::Value fields = json::Value::array();
		for (const auto& name: names)
			for (std::size_t i = 0; i < readResult["fields"].size(); ++i)
				if (readResult["fields"][i].getString("name") == name)
				{
					columns.push_back(i);
					fields.push(readResult["fields"][i]);
				}
		json::Value sample = json::Value::array();
		for (const auto& row: readResult["sample"].items())
		{
			json::Value picked = json::Value::array();
			for (std::size_t c: columns) picked.push(row[c]);
			sample.push(picked);
		}
		json::Value out = readResult;
		out.set("fields", fields);
		out.set("sample", sample);
		return out;
	}


	int columnOf(const json::Value& readResult, const std::string& name)
	{
		for (std::size_t i = 0; i < readResult["fields"].size(); ++i)
			if (readResult["fields"][i].getString("name") == name) return static_cast<int>(i);
		return -1;
	}


	bool before(const json::Value& a, const json::Value& b)
		/// Tracking values in the order the connector must read them: numbers by value, text (ISO dates) as text.
	{
		if (a.isNumber() && b.isNumber()) return a.asDouble() < b.asDouble();
		return a.isString() && b.isString() ? a.asString() < b.asString() : a.dump() < b.dump();
	}


	void requireTrackedAfter(const json::Value& first, const json::Value& rest, const std::string& tracking)
		/// The rows read after resuming all come at or past the last tracking value read before.
	{
		const int a = columnOf(first, tracking), b = columnOf(rest, tracking);
		if (a < 0 || b < 0 || first["sample"].size() == 0) return;
		json::Value last = first["sample"][0][static_cast<std::size_t>(a)];
		for (const auto& row: first["sample"].items())
			if (before(last, row[static_cast<std::size_t>(a)])) last = row[static_cast<std::size_t>(a)];
		for (const auto& row: rest["sample"].items())
			require(!before(row[static_cast<std::size_t>(b)], last), "resuming returned a row whose " + tracking + " " +
				row[static_cast<std::size_t>(b)].dump() + " comes before the state's " + last.dump() + ": the state must hold the "
				"tracking value reached, and a resumed read must start past it");
	}


	const std::size_t WRITTEN = 20; /// records each write check sends

	const char* const USAGE = "usage: polytomic connector test <plugin.so> --config <config.json> [--object <id>] "
		"[--write-object <prefix>] [--write-into <object> [--identity <field>] [--write-fields <a,b>]] [--records <file.json>] [--strict]\n(polytomic-connector-test, installed with the SDK, takes the same arguments)";


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
	_run(Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8)),
	_executor(std::move(program))
{
	// Every run writes objects of its own: what an earlier run left cannot change what this one sees.
	if (_options.writeObject.empty()) _options.writeObject = "polytomic_harness";
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
		// Every later check reads or writes records: an empty object would pass them all by skipping.
		require(full["rows"].asInt64() > 0, "the object '" + readObject + "' has no rows, so reads and writes cannot be checked; name one "
			"that has some with --object");
		return std::to_string(full["rows"].asInt64()) + " rows of " + readObject;
	});
	const bool readSomething = !full.isNull() && full["rows"].asInt64() > 0;
	const int64_t total = readSomething ? full["rows"].asInt64() : 0;
	const int64_t batchRows = std::max<int64_t>(1, total / 5);

	check("read resumes from its state, returning only rows past it", [&] {
		if (!readSomething) throw CheckSkipped("nothing was read");
		if (total < 2) throw CheckSkipped("the object has fewer than 2 rows");
		const bool tracked = object && (*object)["tracking_fields"].size() > 0;
		const int64_t half = total / 2;
		json::Value first = execute("read", _options.config, "read", readSpec(json::Value(), half, half, half));
		if (first["state"].isNull() && !tracked) throw CheckSkipped("the object has no tracking field and the read emitted no state");
		if (first["state"].isNull())
			throw CheckFailed("reading with the tracking field '" + (*object)["tracking_fields"][0].asString() + "' emitted no state to resume from");
		json::Value rest = execute("read", _options.config, "read", readSpec(first["state"], 0, -1, total));
		require(first["rows"].asInt64() + rest["rows"].asInt64() == total, "reading " + std::to_string(first["rows"].asInt64()) +
			" rows, then resuming, gave " + std::to_string(rest["rows"].asInt64()) + " more instead of " +
			std::to_string(total - first["rows"].asInt64()));
		if (tracked) requireTrackedAfter(first, rest, (*object)["tracking_fields"][0].asString());
		json::Value after = execute("read", _options.config, "read", readSpec(full["state"], 0, -1, 0));
		require(after["rows"].asInt64() == 0, "resuming from the final state read " + std::to_string(after["rows"].asInt64()) + " rows again");
		return std::to_string(first["rows"].asInt64()) + " + " + std::to_string(rest["rows"].asInt64()) + " rows";
	});

	check("read stops when asked", [&] {
		if (!readSomething) throw CheckSkipped("nothing was read");
		if (total < 3) throw CheckSkipped("the object has fewer than 3 rows");
		json::Value stopped = execute("read", _options.config, "read", readSpec(json::Value(), 1, 1, 0));
		require(!stopped.getBool("complete", true), "the read ran to its end although the host asked it to stop");
		require(stopped["rows"].asInt64() <= 2, "the read went on for " + std::to_string(stopped["rows"].asInt64()) + " rows after being asked to stop");
		return std::string();
	});

	json::Value batched;
	check("read obeys batch_rows", [&] {
		if (!readSomething) throw CheckSkipped("nothing was read");
		batched = execute("read", _options.config, "read", readSpec(json::Value(), batchRows, -1, 0));
		require(batched["rows"].asInt64() == total, "reading in batches of " + std::to_string(batchRows) + " gave " +
			std::to_string(batched["rows"].asInt64()) + " rows instead of " + std::to_string(total));
		require(batched["largest_batch_rows"].asInt64() <= batchRows, "asked for batches of at most " + std::to_string(batchRows) +
			" rows, the connector emitted one of " + std::to_string(batched["largest_batch_rows"].asInt64()));
		return std::to_string(batched["batches"].asInt64()) + " batches of at most " + std::to_string(batchRows) + " rows";
	});

	check("memory stays bounded by the batch size", [&] {
		if (batched.isNull()) throw CheckSkipped("the batched read did not run");
		// One batch of the same size is the yardstick: reading them all may not need much more.
		json::Value one = execute("read", _options.config, "read", readSpec(json::Value(), batchRows, batchRows, 0));
		const long long peak = batched["peak_rss_bytes"].asInt64();
		const long long yardstick = one["peak_rss_bytes"].asInt64();
		const long long bound = std::min<long long>(static_cast<long long>(_options.memoryBoundBytes),
			yardstick + std::max<long long>(yardstick / 2, 32LL << 20));
		require(peak > 0 && peak <= bound, "the executor peaked at " + std::to_string(peak >> 20) + " MiB reading " +
			std::to_string(total) + " rows in batches of " + std::to_string(batchRows) + ", against " + std::to_string(yardstick >> 20) +
			" MiB for one batch (bound " + std::to_string(bound >> 20) + " MiB): keep no more than a batch in memory");
		return "peak " + std::to_string(peak >> 20) + " MiB for " + std::to_string(total) + " rows, " + std::to_string(yardstick >> 20) +
			" MiB for one batch";
	});

	check("read returns every field asked for", [&] {
		if (!readSomething) throw CheckSkipped("nothing was read");
		json::Value subset = json::Value::array();
		subset.push(full["fields"][0]["name"]);
		if (full["fields"].size() > 1) subset.push(full["fields"][full["fields"].size() - 1]["name"]);
		json::Value r = readSpec(json::Value(), 0, -1, 1);
		r.set("fields", subset);
		json::Value partial = execute("read", _options.config, "read", r);
		std::set<std::string> got;
		for (const auto& f: partial["fields"].items()) got.insert(f.getString("name"));
		for (const auto& f: subset.items())
			require(got.count(f.asString()), "asked for the fields " + subset.dump() + ", the read did not return '" + f.asString() + "'");
		require(partial["rows"].asInt64() == total, "reading the fields " + subset.dump() + " gave " +
			std::to_string(partial["rows"].asInt64()) + " rows instead of " + std::to_string(total));
		return subset.dump() + (got.size() > subset.size() ? " (and " + std::to_string(got.size() - subset.size()) + " more)" : "");
	});

	// A destination only has nothing of its own to write back: it writes the records given.
	if (!manifest.isSource() && full.isNull() && _options.records.isObject()) full = _options.records;
	for (const std::string& mode: manifest.modeNames())
	{
		std::string target = _options.writeObject + "_" + _run + "_" + mode;
		std::transform(target.begin(), target.end(), target.begin(), [](unsigned char c) { return std::tolower(c); });
		// Into an existing object, the records read from it go back: the checks look at those only.
		const bool into = !_options.writeInto.empty();
		if (into) target = _options.writeInto;
		const json::Value records = full.isNull() ? full : projected(full, _options.writeFields);
		std::vector<std::string> identity;
		std::vector<std::string> names;
		auto writeOnce = [&](const std::string& writeMode, std::size_t count) {
			json::Value w = json::Value::object();
			w.set("object", target);
			w.set("mode", static_cast<long long>(modeBit(writeMode)));
			json::Value ids = json::Value::array();
			for (const auto& i: identity) ids.push(i);
			if (writeMode != "append") w.set("identity", ids);
			w.set("fields", records["fields"]);
			json::Value rows = json::Value::array();
			for (std::size_t i = 0; i < std::min<std::size_t>(records["sample"].size(), count); ++i) rows.push(records["sample"][i]);
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
			if (!_options.identity.empty()) identity.push_back(_options.identity);
			else if (object && (*object)["primary_key"].size() > 0)
				for (const auto& k: (*object)["primary_key"].items()) identity.push_back(k.asString());
			else identity.push_back(full["fields"][0].getString("name"));
			for (const auto& f: records["fields"].items()) names.push_back(f.getString("name"));
			// update and remove act only on identities that exist: put the records there first.
			if ((mode == "update" || mode == "remove") && (manifest.writeModes & POLYTOMIC_MODE_UPDATE_OR_CREATE))
				writeOnce("updateOrCreate", WRITTEN);
			return std::to_string(writeOnce(mode, WRITTEN)) + " records into " + target;
		});

		check("write " + mode + " is idempotent and leaves the expected end state", [&] {
			if (full.isNull() || full["sample"].size() == 0) throw CheckSkipped("no records were read to write back");
			json::Value once = manifest.isSource() ? readBack() : json::Value();
			const std::size_t written = writeOnce(mode, WRITTEN);
			if (!manifest.isSource()) throw CheckSkipped("the connector cannot read the object back");
			json::Value twice = readBack();
			if (twice.isNull()) throw CheckSkipped("the written object does not appear in discover");
			const auto first = rowsByField(once, names);
			const auto second = rowsByField(twice, names);
			if (mode == "append")
			{
				require(second.size() == first.size() + written, "appending " + std::to_string(written) + " records again to the " +
					std::to_string(first.size()) + " rows there left " + std::to_string(second.size()) + " rows");
				return std::string("appended twice: ") + std::to_string(second.size()) + " rows";
			}
			require(first == second, "writing the same records again changed the object");
			json::Value writtenRows = json::Value::array();
			for (std::size_t i = 0; i < std::min<std::size_t>(records["sample"].size(), WRITTEN); ++i) writtenRows.push(records["sample"][i]);
			json::Value sentRecords = json::Value::object();
			sentRecords.set("fields", records["fields"]);
			sentRecords.set("sample", writtenRows);
			const auto sent = rowsByField(sentRecords, names);
			if (into)
			{
				std::size_t present = 0;
				for (const auto& row: sent) present += second.count(row) ? 1 : 0;
				require(mode == "remove" ? present == 0 : present == sent.size(), std::to_string(present) + " of the " + std::to_string(sent.size()) +
					" records written are in " + target + (mode == "remove" ? " after removing them" : " with the values written"));
				return std::to_string(sent.size()) + (mode == "remove" ? " records gone, " : " records as written, ") + "unchanged by the second write";
			}
			if (mode == "remove")
			{
				require(second.empty(), "the removed records are still there");
				return std::string("object empty after remove");
			}
			require(second == sent, "the object holds " + std::to_string(second.size()) + " rows that differ from the " +
				std::to_string(sent.size()) + " written");
			return std::to_string(second.size()) + " rows, unchanged by the second write";
		});

		if (mode == "snapshot")
			check("write snapshot removes the records it was not given", [&] {
				if (full.isNull() || full["sample"].size() < 2) throw CheckSkipped("fewer than 2 records were read to write back");
				if (!manifest.isSource()) throw CheckSkipped("the connector cannot read the object back");
				const std::size_t kept = writeOnce(mode, std::min<std::size_t>(full["sample"].size(), WRITTEN) / 2);
				json::Value after = readBack();
				require(!after.isNull(), "the written object no longer appears in discover");
				require(after["rows"].asInt64() == static_cast<long long>(kept), "a snapshot of " + std::to_string(kept) +
					" records left " + std::to_string(after["rows"].asInt64()) + " rows: the records not written again must be deleted "
					"when the writer is closed with close(true)");
				return std::to_string(kept) + " rows left of " + std::to_string(std::min<std::size_t>(full["sample"].size(), WRITTEN));
			});

		// Leave the system as found where the connector can: remove what was written.
		if (manifest.writeModes & POLYTOMIC_MODE_REMOVE && !identity.empty() && !into)
			try
			{
				writeOnce("remove", WRITTEN);
			}
			catch (const std::exception&)
			{
			}
	}
	return outcomes;
}


int runConformance(const std::vector<std::string>& args, std::ostream& out)
{
	ConformanceHarness::Options options;
	std::string configFile, recordsFile;
	bool strict = false;
	for (std::size_t i = 0; i < args.size(); ++i)
	{
		if (args[i] == "--config" && i + 1 < args.size()) configFile = args[++i];
		else if (args[i] == "--object" && i + 1 < args.size()) options.object = args[++i];
		else if (args[i] == "--write-object" && i + 1 < args.size()) options.writeObject = args[++i];
		else if (args[i] == "--write-into" && i + 1 < args.size()) options.writeInto = args[++i];
		else if (args[i] == "--identity" && i + 1 < args.size()) options.identity = args[++i];
		else if (args[i] == "--write-fields" && i + 1 < args.size())
		{
			std::stringstream list(args[++i]);
			for (std::string name; std::getline(list, name, ',');)
				if (!name.empty()) options.writeFields.push_back(name);
		}
		else if (args[i] == "--records" && i + 1 < args.size()) recordsFile = args[++i];
		else if (args[i] == "--strict") strict = true;
		else if (options.plugin.empty() && args[i].rfind("--", 0) != 0) options.plugin = args[i];
		else
		{
			out << USAGE << std::endl;
			return 64;
		}
	}
	if (options.plugin.empty() || configFile.empty())
	{
		out << USAGE << std::endl;
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

	if (!recordsFile.empty())
	{
		std::ifstream records(recordsFile);
		std::stringstream content;
		content << records.rdbuf();
		try
		{
			options.records = json::Value::parse(content.str());
		}
		catch (const json::ParseError& e)
		{
			out << recordsFile << " is not valid JSON: " << e.what() << std::endl;
			return 65;
		}
		if (!records || !options.records["fields"].isArray() || !options.records["sample"].isArray())
		{
			out << recordsFile << " must hold {\"fields\": [{\"name\", \"type\"}], \"sample\": [[values]]}" << std::endl;
			return 65;
		}
	}

	ConformanceHarness harness(options, Subprocess::selfExecutable());
	int passed = 0, failed = 0, skipped = 0;
	harness.run([&](const ConformanceHarness::Outcome& o) {
		const char* label = o.status == ConformanceHarness::Outcome::PASSED ? "PASS" : o.status == ConformanceHarness::Outcome::FAILED ? "FAIL" : "SKIP";
		out << label << "  " << o.check << (o.detail.empty() ? "" : ": " + o.detail) << std::endl;
		(o.status == ConformanceHarness::Outcome::PASSED ? passed : o.status == ConformanceHarness::Outcome::FAILED ? failed : skipped)++;
	});
	if (skipped) out << skipped << " check" << (skipped == 1 ? "" : "s") << " skipped (see SKIP above)" <<
		(strict ? "; --strict counts them as failed" : "") << std::endl;
	out << passed << " passed, " << failed << " failed" << std::endl;
	return failed == 0 && !(strict && skipped) ? 0 : 1;
}


} } // namespace polytomic::plugins
