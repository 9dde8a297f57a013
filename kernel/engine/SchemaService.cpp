//
// SchemaService.cpp
//


#include "engine/SchemaService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "plugins/PluginError.h"
#include "Poco/Logger.h"
#include "Poco/String.h"
#include <algorithm>
#include <cctype>
#include <map>


namespace polytomic {
namespace engine {


namespace
{
	std::string cacheKey(const store::ConnectionRecord& connection, const std::string& refreshedAt)
		/// Changes with the connection (a catalog of its former configuration is never served)
		/// and with each refresh, wherever it ran: a replica caching in its own memory serves
		/// the catalog another replica discovered since, not its own older copy.
	{
		return "schemas:" + connection.id + ":" + connection.updatedAt + ":" + refreshedAt;
	}

	const std::chrono::seconds CACHE_TTL(3600);
}


SchemaService::SchemaService(store::SchemaRepository& schemas, ConnectionService& connections, const plugins::PluginCatalog& catalog,
	const plugins::Executor& executor, cache::Cache& cache):
	_schemas(schemas),
	_connections(connections),
	_catalog(catalog),
	_executor(executor),
	_cache(cache),
	_thread([this] { loop(); })
{
}


SchemaService::~SchemaService()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
	}
	_wake.notify_all();
	_thread.join();
}


const plugins::PluginManifest& SchemaService::manifestOf(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest) throw CheckFailed("the connection type '" + connection.type + "' is not loaded");
	return *manifest;
}


json::Value SchemaService::discover(const store::ConnectionRecord& connection)
{
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest) throw CheckFailed("the connection type '" + connection.type + "' is not loaded");
	json::Value request = json::Value::object();
	request.set("plugin", manifest->path);
	request.set("operation", "discover");
	request.set("config", _connections.configuration(connection));
	const auto tokens = _connections.tokensFor({{"", connection}});
	try
	{
		return _executor.run(request, nullptr, nullptr, tokens.get());
	}
	catch (const plugins::ConnectorError& e)
	{
		throw CheckFailed(std::string("the connector could not list its objects: ") + e.what());
	}
}


void SchemaService::store(const store::ConnectionRecord& connection, const json::Value& catalog)
{
	const std::string text = catalog.dump();
	_schemas.saveCatalog(connection.id, text);
}


json::Value SchemaService::catalog(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	return withOverrides(discovered(connection), _schemas.overrides(connection.id));
}


json::Value SchemaService::discovered(const store::ConnectionRecord& connection)
{
	// A catalog discovered before the connection last changed describes something else: discover again.
	const auto refreshedAt = _schemas.refreshedAt(connection.id);
	if (refreshedAt && *refreshedAt >= connection.updatedAt)
		if (auto cached = _cache.get(cacheKey(connection, *refreshedAt))) return json::Value::parse(*cached);
	if (auto saved = _schemas.find(connection.id))
		if (saved->catalog && saved->refreshedAt && *saved->refreshedAt >= connection.updatedAt)
		{
			_cache.set(cacheKey(connection, *saved->refreshedAt), *saved->catalog, CACHE_TTL);
			return json::Value::parse(*saved->catalog);
		}
	json::Value found = discover(connection);
	store(connection, found);
	return found;
}


json::Value SchemaService::withOverrides(const json::Value& catalog, const std::vector<store::SchemaOverride>& overrides)
{
	if (overrides.empty() || !catalog["objects"].isArray()) return catalog;
	json::Value objects = json::Value::array();
	for (const auto& o: catalog["objects"].items())
	{
		json::Value object = o;
		for (const auto& change: overrides)
		{
			if (change.schemaId != o.getString("id")) continue;
			if (change.primaryKey)
			{
				object.set("discovered_primary_key", o["primary_key"].isArray() ? o["primary_key"] : json::Value::array());
				object.set("primary_key", json::Value::parse(*change.primaryKey));
			}
			object.set("user_fields", json::Value::parse(change.userFields));
		}
		objects.push(object);
	}
	json::Value out = catalog;
	out.set("objects", objects);
	return out;
}


const json::Value& SchemaService::requireObject(const json::Value& catalog, const std::string& connectionId, const std::string& objectId) const
{
	const json::Value* found = object(catalog, objectId);
	if (!found) throw NotFound("connection " + connectionId + " has no schema '" + objectId + "'; refresh its schemas if it is new");
	return *found;
}


json::Value SchemaService::userFields(const std::string& organizationId, const std::string& connectionId, const std::string& objectId)
{
	const json::Value all = catalog(organizationId, connectionId);
	const json::Value& object = requireObject(all, connectionId, objectId);
	return object["user_fields"].isArray() ? object["user_fields"] : json::Value::array();
}


namespace
{
	constexpr std::size_t MAX_PATH_CHARACTERS = 1000;
	constexpr std::size_t MAX_EXAMPLE_BYTES = 4096;


	std::string listed(const std::vector<std::string>& names)
	{
		std::string text;
		for (const auto& name: names) text += (text.empty() ? "" : ", ") + name;
		return text;
	}


	std::string folded(const std::string& name)
	{
		std::string out = name;
		std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
		return out;
	}


	std::string sameIgnoringCase(const json::Value& fields, const char* key, const std::string& name)
		/// The name of a field of fields that differs from name only in case (empty when none does).
	{
		if (!fields.isArray()) return "";
		for (const auto& f: fields.items())
			if (f.getString(key) != name && folded(f.getString(key)) == folded(name)) return f.getString(key);
		return "";
	}


	std::string nameProblem(const std::string& fieldId, const json::Value& object)
		/// Why fieldId cannot name a user-defined field of object: destinations fold case and trim names,
		/// so "ID" or "id " beside "id" would write two columns into one.
	{
		if (fieldId != Poco::trim(fieldId)) return "'" + fieldId + "' starts or ends with a space; remove it";
		if (SchemaService::listsField(object["fields"], "name", fieldId)) return "is a field found in the source; choose another id";
		const std::string discovered = sameIgnoringCase(object["fields"], "name", fieldId);
		if (!discovered.empty()) return "'" + fieldId + "' differs from the source's field '" + discovered + "' only in case; choose another id";
		const std::string defined = sameIgnoringCase(object["user_fields"], "field_id", fieldId);
		if (!defined.empty()) return "'" + fieldId + "' differs from the user-defined field '" + defined + "' only in case; use '" + defined + "' to change it";
		return "";
	}


	json::Value userField(const json::Value& in, const json::Value& object, const std::string& path, FieldErrors& errors)
		/// One V4UserFieldRequest, checked: field_id, label and type required, path optional, example kept as given.
	{
		json::Value out = json::Value::object();
		if (!in.isObject())
		{
			errors[path] = "must be an object {field_id, label, type, path?, example?}";
			return out;
		}
		for (const char* key: {"field_id", "label", "type"})
		{
			const std::string value = textField(in, key, path + "." + key, errors);
			if (value.empty() || characters(value) > MAX_NAME_LENGTH) errors[path + "." + key] = "is required (1-200 characters)";
			out.set(key, value);
		}
		const auto& types = SchemaService::userFieldTypes();
		if (!errors.count(path + ".type") && std::find(types.begin(), types.end(), out.getString("type")) == types.end())
			errors[path + ".type"] = "'" + out.getString("type") + "' is not a field type; use one of " + listed(types);
		const std::string jsonPath = textField(in, "path", path + ".path", errors);
		if (characters(jsonPath) > MAX_PATH_CHARACTERS) errors[path + ".path"] = "is at most " + std::to_string(MAX_PATH_CHARACTERS) + " characters";
		if (!jsonPath.empty()) out.set("path", jsonPath);
		// An example is shown, not used: kept small so that the stored fields stay small.
		if (in.has("example") && in["example"].dump().size() > MAX_EXAMPLE_BYTES)
			errors[path + ".example"] = "is at most " + std::to_string(MAX_EXAMPLE_BYTES) + " bytes of JSON";
		else if (in.has("example")) out.set("example", in["example"]);
		const std::string problem = errors.count(path + ".field_id") ? "" : nameProblem(out.getString("field_id"), object);
		if (!problem.empty()) errors[path + ".field_id"] = problem;
		return out;
	}
}


bool SchemaService::listsField(const json::Value& fields, const char* key, const std::string& name)
{
	if (!fields.isArray()) return false;
	for (const auto& f: fields.items())
		if (f.getString(key) == name) return true;
	return false;
}


const std::vector<std::string>& SchemaService::userFieldTypes()
{
	static const std::vector<std::string> TYPES{"string", "number", "boolean", "datetime", "array", "object", "binary"};
	return TYPES;
}


void SchemaService::upsertFields(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
	const json::Value& fields)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	const json::Value all = catalog(organizationId, connectionId);
	const json::Value& object = requireObject(all, connectionId, objectId);
	FieldErrors errors;
	if (!fields.isArray() || fields.size() == 0) errors["fields"] = "must be a non-empty array of {field_id, label, type}";
	json::Value checked = json::Value::array();
	std::size_t added = 0;
	std::map<std::string, std::string> named; // folded field_id -> as first given
	if (fields.isArray())
		for (std::size_t i = 0; i < fields.size(); ++i)
		{
			const std::string path = "fields[" + std::to_string(i) + "]";
			json::Value field = userField(fields[i], object, path, errors);
			const std::string id = field.getString("field_id");
			const auto [first, isNew] = named.emplace(folded(id), id);
			if (!id.empty() && !isNew)
				errors[path + ".field_id"] = "'" + id + "' is given twice (as '" + first->second + "' before); give each field once";
			if (!SchemaService::listsField(object["user_fields"], "field_id", field.getString("field_id"))) ++added;
			checked.push(field);
		}
	if (object["user_fields"].size() + added > MAX_USER_FIELDS)
		errors["fields"] = "a schema has at most " + std::to_string(MAX_USER_FIELDS) + " user-defined fields; delete some first";
	if (!errors.empty()) throw ValidationError("the fields are not valid", errors);
	_schemas.upsertUserFields(connection.id, objectId, checked.dump());
}


void SchemaService::removeField(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
	const std::string& fieldId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	const json::Value all = catalog(organizationId, connectionId);
	const json::Value& object = requireObject(all, connectionId, objectId);
	if (SchemaService::listsField(object["fields"], "name", fieldId))
		throw ValidationError("'" + fieldId + "' was found in the source and cannot be deleted; a schema refresh manages it",
			{{"field_id", "is not a user-defined field"}});
	if (!_schemas.removeUserField(connection.id, objectId, fieldId))
		throw NotFound("schema '" + objectId + "' has no user-defined field '" + fieldId + "'");
}


void SchemaService::setPrimaryKey(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
	const std::vector<std::string>& fields)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	const json::Value all = catalog(organizationId, connectionId);
	const json::Value& object = requireObject(all, connectionId, objectId);
	if (fields.empty()) return _schemas.savePrimaryKey(connection.id, objectId, std::nullopt);
	FieldErrors errors;
	json::Value key = json::Value::array();
	for (const auto& name: fields)
	{
		if (SchemaService::listsField(object["user_fields"], "field_id", name))
			errors["fields"] = "'" + name + "' is a user-defined field, which a bulk sync does not copy: choose fields found in the source";
		else if (!SchemaService::listsField(object["fields"], "name", name))
			errors["fields"] = "'" + name + "' is not a field of " + objectId;
		key.push(name);
	}
	if (!errors.empty()) throw ValidationError("the primary key is not valid", errors);
	_schemas.savePrimaryKey(connection.id, objectId, key.dump());
}


void SchemaService::resetPrimaryKey(const std::string& organizationId, const std::string& connectionId, const std::string& objectId)
{
	setPrimaryKey(organizationId, connectionId, objectId, {});
}


const json::Value* SchemaService::object(const json::Value& catalog, const std::string& objectId) const
{
	for (const auto& o: catalog["objects"].items())
		if (o.getString("id") == objectId) return &o;
	return nullptr;
}


void SchemaService::refresh(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	if (!_schemas.startRefresh(connection.id)) return;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_queue.push_back(connection);
	}
	_wake.notify_all();
}


json::Value SchemaService::status(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	json::Value out = json::Value::object();
	auto saved = _schemas.find(connection.id);
	out.set("status", saved ? saved->status : std::string("never"));
	out.set("refreshed_at", saved && saved->refreshedAt ? json::Value(*saved->refreshedAt) : json::Value());
	out.set("refresh_started_at", saved && saved->refreshStartedAt ? json::Value(*saved->refreshStartedAt) : json::Value());
	out.set("error", saved && saved->error ? json::Value(*saved->error) : json::Value());
	return out;
}


void SchemaService::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (true)
	{
		_wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
		if (_stopping) return;
		const store::ConnectionRecord connection = _queue.front();
		_queue.pop_front();
		lock.unlock();
		try
		{
			store(connection, discover(connection));
		}
		catch (const std::exception& e)
		{
			try
			{
				_schemas.saveFailure(connection.id, e.what());
			}
			catch (const std::exception& again)
			{
				Poco::Logger::get("polytomic.schemas").warning("connection " + connection.id + ": " + again.what());
			}
		}
		lock.lock();
	}
}


} } // namespace polytomic::engine
