//
// JsonLinesConnector.cpp
//
// An example connector: a folder of JSON Lines files, one object per file
// (<name>.jsonl). A source (each file's fields are inferred from its first
// line) and a destination (append, updateOrCreate, snapshot). Small on
// purpose: it shows every part a connector has, not how to be fast.
//


#include "polytomic/connector.hpp"
#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <sys/stat.h>


using namespace polytomic;


namespace
{
	std::string directoryOf(const json::Value& config)
	{
		const std::string directory = config.getString("directory");
		if (directory.empty()) throw sdk::Error("directory is required: the folder holding the .jsonl files");
		struct stat info;
		if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
			throw sdk::Error("the folder '" + directory + "' does not exist");
		return directory;
	}


	sdk::Type inferType(const json::Value& value)
	{
		if (value.isInteger()) return sdk::Type::Int64;
		if (value.isNumber()) return sdk::Type::Float64;
		if (value.isBool()) return sdk::Type::Bool;
		if (value.isObject() || value.isArray()) return sdk::Type::Json;
		return sdk::Type::String;
	}


	std::vector<sdk::Field> fieldsOf(const std::string& path)
	{
		std::ifstream in(path);
		std::string line;
		std::vector<sdk::Field> fields;
		if (!std::getline(in, line) || line.empty()) return fields;
		const json::Value first = json::Value::parse(line);
		for (const auto& [name, value]: first.members()) fields.push_back({name, inferType(value), true});
		return fields;
	}


	void appendValue(sdk::BatchBuilder& batch, std::size_t column, const json::Value& value)
	{
		if (value.isNull())
		{
			batch.appendNull(column);
			return;
		}
		switch (batch.field(column).type)
		{
		case sdk::Type::Int64: batch.appendInt64(column, value.asInt64()); break;
		case sdk::Type::Float64: batch.appendFloat64(column, value.asDouble()); break;
		case sdk::Type::Bool: batch.appendBool(column, value.asBool()); break;
		case sdk::Type::Json: batch.appendJson(column, value.dump()); break;
		default: batch.appendString(column, value.isString() ? value.asString() : value.dump()); break;
		}
	}


	json::Value valueOf(const sdk::BatchReader& batch, int64_t row, std::size_t column)
	{
		if (batch.isNull(row, column)) return json::Value();
		switch (batch.field(column).type)
		{
		case sdk::Type::Int64:
		case sdk::Type::Timestamp: return json::Value(static_cast<long long>(batch.getInt64(row, column)));
		case sdk::Type::Date: return json::Value(static_cast<long long>(batch.getDate(row, column)));
		case sdk::Type::Float64: return json::Value(batch.getFloat64(row, column));
		case sdk::Type::Bool: return json::Value(batch.getBool(row, column));
		case sdk::Type::Json: return json::Value::parse(std::string(batch.getString(row, column)));
		case sdk::Type::Null: return json::Value();
		default: return json::Value(std::string(batch.getString(row, column)));
		}
	}


	class JsonLinesWriter: public sdk::Writer
	{
	public:
		JsonLinesWriter(std::string path, uint32_t mode, std::vector<std::string> identity):
			_path(std::move(path)),
			_mode(mode),
			_identity(std::move(identity))
		{
			if (_mode == POLYTOMIC_MODE_SNAPSHOT) return; // a snapshot holds exactly what this write brings
			std::ifstream in(_path);
			std::string line;
			while (std::getline(in, line))
				if (!line.empty()) _rows.push_back(json::Value::parse(line));
		}

		void write(const sdk::BatchReader& batch, sdk::WriteResults& results) override
		{
			for (int64_t row = 0; row < batch.rows(); ++row)
			{
				json::Value record = json::Value::object();
				for (std::size_t c = 0; c < batch.columns(); ++c) record.set(batch.field(c).name, valueOf(batch, row, c));
				const std::string missing = missingIdentity(record);
				if (!missing.empty())
				{
					results.rejected(row, "identity field '" + missing + "' is empty");
					continue;
				}
				upsert(record);
				results.ok(row);
			}
		}

		void close(bool commit) override
		{
			if (!commit) return;
			const std::string temporary = _path + ".tmp";
			{
				std::ofstream out(temporary, std::ios::trunc);
				for (const auto& row: _rows) out << row.dump() << '\n';
				if (!out) throw sdk::Error("cannot write " + temporary);
			}
			if (std::rename(temporary.c_str(), _path.c_str()) != 0) throw sdk::Error("cannot replace " + _path);
		}

	private:
		std::string missingIdentity(const json::Value& record) const
		{
			if (_mode == POLYTOMIC_MODE_APPEND) return "";
			for (const auto& field: _identity)
				if (record[field].isNull()) return field;
			return "";
		}

		void upsert(const json::Value& record)
		{
			if (_mode != POLYTOMIC_MODE_APPEND)
			{
				for (auto& existing: _rows)
				{
					bool same = true;
					for (const auto& field: _identity) same = same && existing[field] == record[field];
					if (same)
					{
						existing = record;
						return;
					}
				}
			}
			_rows.push_back(record);
		}

		std::string _path;
		uint32_t _mode;
		std::vector<std::string> _identity;
		std::vector<json::Value> _rows;
	};


	class JsonLinesConnector: public sdk::Connector
	{
	public:
		explicit JsonLinesConnector(const sdk::Host& host): sdk::Connector(host) {}

		json::Value spec() override
		{
			return json::Value::parse(R"({"configuration": {"type": "object", "required": ["directory"], "properties": {
				"directory": {"type": "string", "title": "Folder", "description": "The folder of the .jsonl files, one object per file",
					"secret_scope": true}}}})");
		}

		void check(const json::Value& config) override
		{
			directoryOf(config);
		}

		json::Value discover(const json::Value& config) override
		{
			const std::string directory = directoryOf(config);
			std::vector<std::string> names;
			if (DIR* dir = ::opendir(directory.c_str()))
			{
				while (dirent* entry = ::readdir(dir))
				{
					const std::string name = entry->d_name;
					if (name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0) names.push_back(name.substr(0, name.size() - 6));
				}
				::closedir(dir);
			}
			std::sort(names.begin(), names.end());
			json::Value objects = json::Value::array();
			for (const auto& name: names)
			{
				json::Value object = json::Value::object();
				object.set("id", name);
				object.set("name", name);
				json::Value fields = json::Value::array();
				for (const auto& f: fieldsOf(directory + "/" + name + ".jsonl"))
				{
					json::Value field = json::Value::object();
					field.set("name", f.name);
					field.set("type", sdk::typeName(f.type));
					field.set("nullable", true);
					fields.push(field);
				}
				object.set("fields", fields);
				objects.push(object);
			}
			json::Value catalog = json::Value::object();
			catalog.set("objects", objects);
			return catalog;
		}

		void read(const sdk::ReadRequest& request, sdk::ReadContext& context) override
		{
			const std::string path = directoryOf(request.config) + "/" + request.object + ".jsonl";
			std::ifstream in(path);
			if (!in) throw sdk::Error("the object '" + request.object + "' does not exist");
			const std::vector<sdk::Field> fields = fieldsOf(path);
			const int64_t skip = request.state.isNull() ? 0 : request.state.getInt64("line", 0);
			sdk::BatchBuilder batch(fields);
			std::string line;
			int64_t number = 0;
			while (std::getline(in, line))
			{
				if (++number <= skip || line.empty()) continue;
				const json::Value record = json::Value::parse(line);
				for (std::size_t c = 0; c < fields.size(); ++c) appendValue(batch, c, record[fields[c].name]);
				if (batch.rows() >= request.batchRows)
				{
					json::Value state = json::Value::object();
					state.set("line", static_cast<long long>(number));
					if (!context.emit(batch, state)) return;
				}
			}
			json::Value state = json::Value::object();
			state.set("line", static_cast<long long>(number));
			if (batch.rows() > 0 || skip == 0) context.emit(batch, state);
		}

		std::unique_ptr<sdk::Writer> openWriter(const sdk::WriteRequest& request) override
		{
			if (request.object.empty() || request.object.find('/') != std::string::npos)
				throw sdk::Error("an object name is a file name without '/'");
			return std::make_unique<JsonLinesWriter>(directoryOf(request.config) + "/" + request.object + ".jsonl", request.mode,
				request.identity);
		}
	};
}


POLYTOMIC_CONNECTOR(JsonLinesConnector, "example_jsonl", "JSON Lines folder (example)", "1.0.0",
	POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION, POLYTOMIC_MODE_APPEND | POLYTOMIC_MODE_UPDATE_OR_CREATE | POLYTOMIC_MODE_SNAPSHOT)
