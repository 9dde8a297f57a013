//
// ConnectionTypeHandlers.cpp
//


#include "http/ConnectionTypeHandlers.h"
#include "http/HttpError.h"
#include "plugins/PluginError.h"


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
		json::Value capabilities = json::Value::array();
		if (m.isSource()) capabilities.push("source");
		if (m.isDestination()) capabilities.push("destination");
		if (m.capabilities & POLYTOMIC_CAP_QUERY) capabilities.push("query");
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


ConnectionTypeHandlers::ConnectionTypeHandlers(const plugins::PluginCatalog& catalog, const plugins::Executor& executor):
	_catalog(catalog),
	_executor(executor)
{
}


void ConnectionTypeHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("GET", "/api/connection_types", access.guard([this](Exchange& e, const auth::Principal&) { list(e); }));
	router.add("GET", "/api/connection_types/{id}", access.guard([this](Exchange& e, const auth::Principal&) { describe(e); }));
}


void ConnectionTypeHandlers::list(Exchange& exchange)
{
	json::Value data = json::Value::array();
	for (const auto& m: _catalog.loaded()) data.push(summary(m));
	json::Value refused = json::Value::array();
	for (const auto& r: _catalog.refused())
	{
		json::Value item = json::Value::object();
		item.set("file", r.file);
		item.set("reason", r.reason);
		refused.push(item);
	}
	json::Value body = json::Value::object();
	body.set("data", data);
	body.set("refused", refused);
	send(exchange, body);
}


void ConnectionTypeHandlers::describe(Exchange& exchange)
{
	const plugins::PluginManifest* manifest = _catalog.find(exchange.parameter("id"));
	if (!manifest) throw HttpError::notFound("no connection type '" + exchange.parameter("id") + "' is loaded");
	json::Value request = json::Value::object();
	request.set("plugin", manifest->path);
	request.set("operation", "spec");
	request.set("config", json::Value::object());
	json::Value spec;
	try
	{
		spec = _executor.run(request);
	}
	catch (const std::exception& e)
	{
		throw HttpError(502, "connector_error", "connector '" + manifest->id + "' could not describe its configuration: " + e.what());
	}
	json::Value data = summary(*manifest);
	data.set("configuration", spec["configuration"]);
	json::Value body = json::Value::object();
	body.set("data", data);
	send(exchange, body);
}


} } // namespace polytomic::http
