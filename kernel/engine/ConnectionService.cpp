//
// ConnectionService.cpp
//


#include "engine/ConnectionService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "plugins/PluginError.h"


namespace polytomic {
namespace engine {


const char* ConnectionService::REDACTED = "********";


namespace
{
	std::string listed(const std::vector<std::string>& names)
		/// host, port and database
	{
		std::string out;
		for (std::size_t i = 0; i < names.size(); ++i)
			out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
		return out;
	}


	json::Value executorRequest(const plugins::PluginManifest& manifest, const std::string& operation, const json::Value& config)
	{
		json::Value request = json::Value::object();
		request.set("plugin", manifest.path);
		request.set("operation", operation);
		request.set("config", config);
		return request;
	}
}


ConnectionService::ConnectionService(store::ConnectionRepository& connections, const plugins::PluginCatalog& catalog,
	const plugins::Executor& executor, const store::SecretBox& secrets, store::BulkSyncRepository* bulkSyncs, store::ModelRepository* models,
	const license::LicenseGate* gate):
	_connections(connections),
	_catalog(catalog),
	_executor(executor),
	_secrets(secrets),
	_bulkSyncs(bulkSyncs),
	_models(models),
	_gate(gate)
{
}


const json::Value& ConnectionService::specFor(const std::string& type)
{
	schemaFor(type);
	std::lock_guard<std::mutex> lock(_mutex);
	return _specs.at(type);
}


void ConnectionService::useTokens(ConnectionTokens* tokens)
{
	_tokens = tokens;
}


bool ConnectionService::usesOAuth(const std::string& type)
{
	return _tokens && _tokens->oauthOf(type).has_value();
}


const ConfigurationSchema& ConnectionService::schemaFor(const std::string& type)
{
	const plugins::PluginManifest* manifest = _catalog.find(type);
	if (!manifest) throw ValidationError("no connection type '" + type + "' is loaded", {{"type", "is not a loaded connection type"}});
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _schemas.find(type);
	if (it != _schemas.end()) return it->second;
	json::Value spec;
	try
	{
		spec = _executor.run(executorRequest(*manifest, "spec", json::Value::object()));
	}
	catch (const std::exception& e)
	{
		throw CheckFailed("connector '" + type + "' could not describe its configuration: " + e.what());
	}
	_specs[type] = spec;
	return _schemas.emplace(type, ConfigurationSchema(spec["configuration"])).first->second;
}


json::Value ConnectionService::resolve(const std::string& type, json::Value configuration, const store::ConnectionRecord* existing)
{
	if (!configuration.isObject()) throw ValidationError("the configuration must be an object", {{"configuration", "must be an object"}});
	const ConfigurationSchema& schema = schemaFor(type);
	const json::Value stored = existing ? storedConfiguration(*existing) : json::Value::object();
	json::Value resolved = json::Value::object();
	std::vector<std::string> kept;
	for (const auto& [name, value]: configuration.members())
	{
		const bool keep = schema.secretFields().count(name) && value.isString() && value.asString() == REDACTED;
		if (keep && !stored.has(name))
			throw ValidationError("no stored value for " + name, {{name, "has no stored secret to keep; send the value"}});
		if (keep) kept.push_back(name);
		resolved.set(name, keep ? stored[name] : value);
	}
	const auto errors = schema.validate(resolved);
	if (!errors.empty())
	{
		std::string fields;
		std::map<std::string, std::string> prefixed;
		for (const auto& [field, problem]: errors)
		{
			fields += (fields.empty() ? "" : ", ") + field;
			prefixed["configuration." + field] = problem;
		}
		throw ValidationError("the configuration is not valid for " + type + " (" + fields + ")", prefixed);
	}
	requireSameScope(schema, stored, resolved, kept);
	return resolved;
}


void ConnectionService::requireSameScope(const ConfigurationSchema& schema, const json::Value& stored, const json::Value& resolved,
	const std::vector<std::string>& kept)
{
	if (kept.empty()) return;
	const std::vector<std::string> changed = schema.changedScope(stored, resolved);
	if (changed.empty()) return;
	const std::string problem = "send the " + listed(kept) + " again: " + listed(changed) + " changed";
	std::map<std::string, std::string> fields;
	for (const auto& name: kept) fields["configuration." + name] = problem;
	throw ValidationError(problem, fields);
}


store::ConnectionRecord ConnectionService::prepare(const std::string& organizationId, const Input& input, const store::ConnectionRecord* existing)
{
	std::map<std::string, std::string> errors;
	if (input.name.empty() || characters(input.name) > MAX_NAME_LENGTH) errors["name"] = "is required (1-200 characters)";
	if (input.type.empty()) errors["type"] = "is required";
	if (existing && input.type != existing->type) errors["type"] = "cannot change; create a new connection instead";
	if (!errors.empty()) throw ValidationError("the connection is not valid", errors);

	const json::Value full = resolve(input.type, input.configuration, existing);
	const ConfigurationSchema& schema = schemaFor(input.type);
	json::Value open = json::Value::object(), secret = json::Value::object();
	for (const auto& [name, value]: full.members()) (schema.secretFields().count(name) ? secret : open).set(name, value);

	store::ConnectionRecord record = existing ? *existing : store::ConnectionRecord{};
	record.organizationId = organizationId;
	record.name = input.name;
	record.type = input.type;
	record.configuration = open.dump();
	record.secrets = secret.size() ? std::optional<std::string>(_secrets.encrypt(secret.dump())) : std::nullopt;
	record.status = "unknown";
	record.statusError.reset();
	if (usesOAuth(input.type))
	{
		// Nothing to check with until it is signed in; afterwards, checked with its access token.
		if (!existing || existing->status == "awaiting_authorization" || existing->status == "reconnect")
		{
			record.status = existing ? existing->status : "awaiting_authorization";
			record.statusError = existing ? existing->statusError : std::nullopt;
			return record;
		}
		json::Value signedIn = full;
		_tokens->signIn(signedIn, *existing);
		if (input.validate)
		{
			if (auto failure = check(input.type, signedIn)) throw CheckFailed(*failure);
			record.status = "healthy";
		}
		return record;
	}
	if (input.validate)
	{
		if (auto failure = check(input.type, full)) throw CheckFailed(*failure);
		record.status = "healthy";
	}
	return record;
}


std::optional<std::string> ConnectionService::check(const std::string& type, const json::Value& configuration)
{
	const plugins::PluginManifest* manifest = _catalog.find(type);
	try
	{
		_executor.run(executorRequest(*manifest, "check", configuration));
		return std::nullopt;
	}
	catch (const std::exception& e)
	{
		return std::string(e.what());
	}
}


store::ConnectionRecord ConnectionService::create(const std::string& organizationId, const Input& input)
{
	if (_gate) _gate->requireConnector(input.type);
	return _connections.create(prepare(organizationId, input, nullptr));
}


store::ConnectionRecord ConnectionService::signedIn(const std::string& organizationId, const std::string& id)
{
	store::ConnectionRecord connection = get(organizationId, id);
	connection.status = "unknown";
	connection.statusError.reset();
	std::optional<std::string> failure;
	try
	{
		failure = check(connection.type, configuration(connection));
	}
	catch (const std::exception& e)
	{
		failure = std::string(e.what());
	}
	connection.status = failure ? "error" : "healthy";
	connection.statusError = failure;
	_connections.update(connection);
	return get(organizationId, id);
}


store::ConnectionRecord ConnectionService::get(const std::string& organizationId, const std::string& id)
{
	auto found = _connections.find(organizationId, id);
	if (!found) throw NotFound("no connection " + id);
	return *found;
}


std::vector<store::ConnectionRecord> ConnectionService::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	return _connections.list(organizationId, limit, after);
}


store::ConnectionRecord ConnectionService::replace(const std::string& organizationId, const std::string& id, Input input)
{
	const store::ConnectionRecord existing = get(organizationId, id);
	if (input.type.empty()) input.type = existing.type;
	store::ConnectionRecord record = prepare(organizationId, input, &existing);
	if (!_connections.update(record)) throw NotFound("no connection " + id);
	return get(organizationId, id);
}


void ConnectionService::remove(const std::string& organizationId, const std::string& id, bool force)
{
	const store::ConnectionRecord connection = get(organizationId, id);
	const bool bulk = _bulkSyncs && _bulkSyncs->usesConnection(connection.id);
	const bool models = _models && _models->usesConnection(connection.id);
	if ((bulk || models) && !force)
		throw InUse("connection " + id + " is used by " + (bulk && models ? "bulk syncs and models or model syncs" : bulk ? "bulk syncs" :
			"models or model syncs") + "; delete them first, or delete with ?force=true to delete them too");
	if (bulk) _bulkSyncs->removeUsing(connection.id);
	if (models) _models->removeUsing(connection.id);
	if (!_connections.remove(organizationId, id)) throw NotFound("no connection " + id);
}


std::optional<std::string> ConnectionService::test(const std::string& organizationId, const std::string& type, const json::Value& configuration,
	const std::string& connectionId)
{
	std::optional<store::ConnectionRecord> existing;
	if (!connectionId.empty())
	{
		existing = get(organizationId, connectionId);
		if (existing->type != type) throw ValidationError("the connection is of another type", {{"connection_id", "is not a " + type + " connection"}});
	}
	json::Value resolved = resolve(type, configuration, existing ? &*existing : nullptr);
	if (existing && usesOAuth(type)) _tokens->signIn(resolved, *existing);
	return check(type, resolved);
}


namespace
{
	json::Value choice(const json::Value& value)
	{
		json::Value item = json::Value::object();
		item.set("label", value.isString() ? value.asString() : value.dump());
		item.set("value", value);
		return item;
	}


	json::Value valuesOfProperty(const json::Value& property, const json::Value& current)
		/// {"values", "allows_creation"} of one property: its enum (or true and false) is
		/// the whole choice; otherwise its default and current value, and any other may be typed.
	{
		json::Value values = json::Value::array();
		const auto add = [&values](const json::Value& v) {
			for (const auto& known: values.items())
				if (known["value"].dump() == v.dump()) return;
			values.push(choice(v));
		};
		bool closed = true;
		if (property["enum"].isArray())
			for (const auto& v: property["enum"].items()) add(v);
		else if (property.getString("type") == "boolean")
		{
			add(json::Value(true));
			add(json::Value(false));
		}
		else
		{
			closed = false;
			if (property.has("default")) add(property["default"]);
			if (!current.isNull()) add(current);
		}
		json::Value out = json::Value::object();
		out.set("values", values);
		out.set("allows_creation", !closed);
		return out;
	}
}


json::Value ConnectionService::parameterValuesOf(const ConfigurationSchema& schema, const json::Value& configuration, const std::string& field)
{
	const json::Value& properties = schema.schema()["properties"];
	if (!field.empty() && (!properties.has(field) || schema.secretFields().count(field)))
		throw ValidationError("the configuration has no field '" + field + "' with values to list",
			{{"field", "is not a field of the configuration (secret fields are never listed)"}});
	json::Value out = json::Value::object();
	if (!properties.isObject()) return out;
	for (const auto& [name, property]: properties.members())
	{
		if (schema.secretFields().count(name) || (!field.empty() && name != field)) continue;
		out.set(name, valuesOfProperty(property, configuration.isObject() ? configuration[name] : json::Value()));
	}
	return out;
}


json::Value ConnectionService::parameterValues(const std::string& type, const json::Value& configuration, const std::string& field)
{
	return parameterValuesOf(schemaFor(type), configuration, field);
}


json::Value ConnectionService::redactedConfiguration(const store::ConnectionRecord& connection) const
{
	json::Value shown = json::Value::parse(connection.configuration);
	if (connection.secrets)
	{
		const json::Value secret = json::Value::parse(_secrets.decrypt(*connection.secrets));
		for (const auto& [name, value]: secret.members()) shown.set(name, REDACTED);
	}
	return shown;
}


json::Value ConnectionService::configuration(const store::ConnectionRecord& connection) const
{
	json::Value full = storedConfiguration(connection);
	if (_tokens && _tokens->oauthOf(connection.type)) _tokens->signIn(full, connection);
	return full;
}


std::unique_ptr<plugins::AccessTokens> ConnectionService::tokensFor(const std::map<std::string, store::ConnectionRecord>& roles) const
{
	return _tokens ? _tokens->forWork(roles) : nullptr;
}


json::Value ConnectionService::storedConfiguration(const store::ConnectionRecord& connection) const
{
	json::Value full = json::Value::parse(connection.configuration);
	if (connection.secrets)
	{
		const json::Value secret = json::Value::parse(_secrets.decrypt(*connection.secrets));
		for (const auto& [name, value]: secret.members()) full.set(name, value);
	}
	return full;
}


} } // namespace polytomic::engine
