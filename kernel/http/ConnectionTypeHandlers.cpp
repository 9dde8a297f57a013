//
// ConnectionTypeHandlers.cpp
//


#include "http/ConnectionTypeHandlers.h"
#include "http/HttpError.h"
#include "plugins/PluginError.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "Poco/String.h"


namespace polytomic {
namespace http {


namespace
{
	json::Value summary(const plugins::PluginManifest& m)
	{
		json::Value type = json::Value::object();
		type.set("id", m.id);
		type.set("name", m.name);
		type.set("version", m.version);
		type.set("sdk_version", m.sdkVersion);
		type.set("use_oauth", false);
		// The SDK's BackendConnectionCapabilities: an object of booleans ("query" is this server's addition).
		json::Value capabilities = json::Value::object();
		capabilities.set("source", m.isSource());
		capabilities.set("destination", m.isDestination());
		capabilities.set("enrichment", false);
		capabilities.set("orchestration", false);
		capabilities.set("query", (m.capabilities & POLYTOMIC_CAP_QUERY) != 0);
		type.set("capabilities", capabilities);
		json::Value modes = json::Value::array();
		for (const auto& mode: m.modeNames()) modes.push(mode);
		type.set("modes", modes);
		return type;
	}


	void send(Exchange& exchange, const json::Value& body)
	{
		exchange.sendJson(200, body.dump());
	}
}


ConnectionTypeHandlers::ConnectionTypeHandlers(const plugins::PluginCatalog& catalog, engine::ConnectionService& connections):
	_catalog(catalog),
	_connections(connections)
{
}


void ConnectionTypeHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("GET", "/api/connection_types", access.guard([this](Exchange& e, const auth::Principal&) { list(e); }));
	router.add("GET", "/api/connection_types/{id}", access.guard([this](Exchange& e, const auth::Principal&) { describe(e); }));
	router.add("POST", "/api/connection_types/{id}/parameter_values", access.guard([this](Exchange& e, const auth::Principal& p) {
		parameterValues(e, p);
	}));
}


void ConnectionTypeHandlers::list(Exchange& exchange)
{
	json::Value data = json::Value::array();
	for (const auto& m: _catalog.loaded())
	{
		json::Value type = summary(m);
		type.set("use_oauth", usesOAuth(m.id));
		data.push(type);
	}
	json::Value refused = json::Value::array();
	for (const auto& r: _catalog.refused())
	{
		json::Value item = json::Value::object();
		item.set("file", r.file);
		item.set("reason", r.reason);
		// What the plugin declares, when its manifest could be read at all (null otherwise: the reason says why).
		item.set("manifest_read", r.manifestRead);
		item.set("abi_version", r.manifestRead ? json::Value(r.abiVersion) : json::Value());
		item.set("sdk_version", r.manifestRead && !r.sdkVersion.empty() ? json::Value(r.sdkVersion) : json::Value());
		refused.push(item);
	}
	json::Value body = json::Value::object();
	body.set("data", data);
	body.set("refused", refused);
	send(exchange, body);
}


bool ConnectionTypeHandlers::usesOAuth(const std::string& type) const
{
	try
	{
		return _connections.usesOAuth(type);
	}
	catch (const std::exception&)
	{
		return false; // a connector that cannot describe itself is listed all the same; describing it says why
	}
}


void ConnectionTypeHandlers::describe(Exchange& exchange)
{
	const plugins::PluginManifest* manifest = _catalog.find(exchange.parameter("id"));
	if (!manifest) throw HttpError::notFound("no connection type '" + exchange.parameter("id") + "' is loaded");
	json::Value schema;
	try
	{
		schema = _connections.schemaFor(manifest->id).schema();
	}
	catch (const engine::CheckFailed& e)
	{
		throw HttpError(502, "connector_error", e.what());
	}
	// The SDK's getConnectionTypeSchema returns the JSON Schema itself, not an envelope.
	send(exchange, schema);
}


void ConnectionTypeHandlers::parameterValues(Exchange& exchange, const auth::Principal& caller)
{
	const std::string type = exchange.parameter("id");
	if (!_catalog.find(type)) throw HttpError::notFound("no connection type '" + type + "' is loaded");
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	const std::string field = engine::textField(body, "field", "field", errors);
	if (field.empty()) errors["field"] = "is required (the configuration field whose values to list)";
	if (!body["parameters"].isNull() && !body["parameters"].isObject()) errors["parameters"] = "must be an object";
	const std::string connectionId = engine::textField(body, "connection_id", "connection_id", errors);
	if (!errors.empty()) throw engine::ValidationError("the parameter values cannot be listed", errors);
	// A saved connection's configuration, with the parameters given over it.
	json::Value configuration = json::Value::object();
	if (!connectionId.empty())
	{
		const store::ConnectionRecord connection = _connections.get(caller.organizationId, connectionId);
		if (connection.type != type)
			throw engine::ValidationError("the connection is of another type", {{"connection_id", "is not a " + type + " connection"}});
		configuration = _connections.redactedConfiguration(connection);
	}
	if (body["parameters"].isObject())
		for (const auto& [name, value]: body["parameters"].members()) configuration.set(name, value);
	json::Value data = _connections.parameterValues(type, configuration, field);
	const std::string query = Poco::toLower(body.getString("query"));
	if (!query.empty())
	{
		// Only the values whose label contains the query (as a search box types it).
		json::Value matching = json::Value::array();
		for (const auto& v: data[field]["values"].items())
			if (Poco::toLower(v.getString("label")).find(query) != std::string::npos) matching.push(v);
		json::Value narrowed = data[field];
		narrowed.set("values", matching);
		data.set(field, narrowed);
	}
	exchange.sendData(data);
}


} } // namespace polytomic::http
