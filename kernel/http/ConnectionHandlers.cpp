//
// ConnectionHandlers.cpp
//


#include "http/ConnectionHandlers.h"
#include "http/ApiJson.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "http/HttpError.h"
#include "Poco/NumberParser.h"


namespace polytomic {
namespace http {


ConnectionHandlers::ConnectionHandlers(engine::ConnectionService& connections, const plugins::PluginCatalog& catalog):
	_connections(connections),
	_catalog(catalog)
{
}


void ConnectionHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("GET", "/api/connections", access.guard([this](Exchange& e, const auth::Principal& p) { list(e, p); }));
	router.add("POST", "/api/connections", access.guard([this](Exchange& e, const auth::Principal& p) { create(e, p); }));
	router.add("POST", "/api/connections/test", access.guard([this](Exchange& e, const auth::Principal& p) { test(e, p); }));
	router.add("GET", "/api/connections/{id}", access.guard([this](Exchange& e, const auth::Principal& p) { get(e, p); }));
	router.add("PUT", "/api/connections/{id}", access.guard([this](Exchange& e, const auth::Principal& p) { replace(e, p); }));
	router.add("DELETE", "/api/connections/{id}", access.guard([this](Exchange& e, const auth::Principal& p) { remove(e, p); }));
	router.add("GET", "/api/connections/{id}/parameter_values", access.guard([this](Exchange& e, const auth::Principal& p) {
		parameterValues(e, p);
	}));
	router.add("POST", "/api/connections/{id}/share", access.guard([this](Exchange& e, const auth::Principal& p) { share(e, p); }));
	router.add("GET", "/api/connections/{id}/shared", access.guard([this](Exchange& e, const auth::Principal& p) { share(e, p); }));
}


engine::ConnectionService::Input ConnectionHandlers::input(Exchange& exchange, bool typeRequired)
{
	const json::Value body = exchange.bodyObject();
	engine::ConnectionService::Input in;
	engine::FieldErrors errors;
	in.name = engine::nameField(body, errors);
	if (typeRequired && !body["type"].isString()) errors["type"] = "is required (a connection type id)";
	if (!typeRequired && !body["type"].isNull() && !body["type"].isString()) errors["type"] = "must be a connection type id (or left out)";
	if (!body["configuration"].isNull() && !body["configuration"].isObject()) errors["configuration"] = "must be an object";
	if (!body["validate"].isNull() && !body["validate"].isBool()) errors["validate"] = "must be true or false";
	if (!errors.empty()) throw engine::ValidationError("the connection is not valid", errors);
	in.type = body.getString("type");
	in.configuration = body["configuration"].isObject() ? body["configuration"] : json::Value::object();
	in.validate = body.getBool("validate", true);
	return in;
}


json::Value ConnectionHandlers::toJson(const store::ConnectionRecord& c) const
{
	json::Value out = json::Value::object();
	out.set("id", c.id);
	out.set("name", c.name);
	out.set("organization_id", c.organizationId);
	json::Value type = json::Value::object();
	type.set("id", c.type);
	const plugins::PluginManifest* manifest = _catalog.find(c.type);
	type.set("name", manifest ? manifest->name : c.type);
	out.set("type", type);
	out.set("configuration", _connections.redactedConfiguration(c));
	out.set("status", c.status);
	if (c.statusError) out.set("status_error", *c.statusError);
	out.set("saved", true);
	out.set("created_at", c.createdAt);
	out.set("updated_at", c.updatedAt);
	return out;
}


void ConnectionHandlers::list(Exchange& exchange, const auth::Principal& caller)
{
	// The SDK's connections.list takes no page token: without ?limit the list is whole.
	std::size_t limit = 0;
	const std::string limitText = exchange.query("limit");
	unsigned parsed = 0;
	if (!limitText.empty())
	{
		if (!Poco::NumberParser::tryParseUnsigned(limitText, parsed) || parsed == 0 || parsed > 100)
			throw HttpError::badRequest("limit must be a whole number from 1 to 100");
		limit = parsed;
	}
	const auto page = _connections.list(caller.organizationId, limit, exchange.query("page_token"));
	json::Value data = json::Value::array();
	for (const auto& c: page) data.push(toJson(c));
	json::Value body = json::Value::object();
	body.set("data", data);
	if (limit)
	{
		json::Value pagination = json::Value::object();
		pagination.set("next_page_token", page.size() == limit ? json::Value(page.back().id) : json::Value());
		body.set("pagination", pagination);
	}
	exchange.sendJson(200, body.dump());
}


void ConnectionHandlers::create(Exchange& exchange, const auth::Principal& caller)
{
	exchange.retainBody(); // read twice: the connection, then its redirect_url
	const engine::ConnectionService::Input in = input(exchange, true);
	if (!_oauth || !_connections.usesOAuth(in.type))
	{
		exchange.sendData(toJson(_connections.create(caller.organizationId, in)));
		return;
	}
	// An OAuth connection is made awaiting its sign-in; the answer's auth_url is where the user signs in.
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	const std::string returnUrl = engine::textField(body, "redirect_url", "redirect_url", errors);
	if (!errors.empty()) throw engine::ValidationError("the connection is not valid", errors);
	_oauth->requireReady(in.type);
	const store::ConnectionRecord created = _connections.create(caller.organizationId, in);
	const auth::ConnectionOAuth::Begun begun = _oauth->startFor(caller, created, returnUrl);
	// A client-credentials connection is signed in already: answer it as it is now.
	json::Value out = toJson(begun.connection ? *begun.connection : created);
	out.set("auth_url", begun.authUrl);
	exchange.sendData(out);
}


void ConnectionHandlers::signInWith(auth::ConnectionOAuth* oauth)
{
	_oauth = oauth;
}


void ConnectionHandlers::get(Exchange& exchange, const auth::Principal& caller)
{
	exchange.sendData(toJson(_connections.get(caller.organizationId, exchange.parameter("id"))));
}


void ConnectionHandlers::replace(Exchange& exchange, const auth::Principal& caller)
{
	exchange.sendData(toJson(_connections.replace(caller.organizationId, exchange.parameter("id"), input(exchange, false))));
}


void ConnectionHandlers::remove(Exchange& exchange, const auth::Principal& caller)
{
	_connections.remove(caller.organizationId, exchange.parameter("id"), exchange.query("force") == "true");
	exchange.sendNoContent();
}


void ConnectionHandlers::test(Exchange& exchange, const auth::Principal& caller)
{
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	if (!body["type"].isString()) errors["type"] = "is required (a connection type id)";
	if (!body["configuration"].isNull() && !body["configuration"].isObject()) errors["configuration"] = "must be an object";
	const std::string connectionId = engine::textField(body, "connection_id", "connection_id", errors);
	if (!errors.empty()) throw engine::ValidationError("the connection cannot be tested", errors);
	const auto failure = _connections.test(caller.organizationId, body["type"].asString(),
		body["configuration"].isObject() ? body["configuration"] : json::Value::object(), connectionId);
	// The SDK's testConnection returns nothing: a failed check must be an error status to be seen.
	if (failure) throw engine::CheckFailed("the connection check failed: " + *failure);
	json::Value data = json::Value::object();
	data.set("success", true);
	exchange.sendData(data);
}


void ConnectionHandlers::parameterValues(Exchange& exchange, const auth::Principal& caller)
{
	const store::ConnectionRecord connection = _connections.get(caller.organizationId, exchange.parameter("id"));
	exchange.sendData(_connections.parameterValues(connection.type, _connections.redactedConfiguration(connection), ""));
}


void ConnectionHandlers::share(Exchange& exchange, const auth::Principal& caller)
{
	_connections.get(caller.organizationId, exchange.parameter("id"));
	throw HttpError(403, "partner_only", "connection sharing is a feature of Polytomic's partner accounts and is not offered "
		"on-premises; create the connection in each organization that needs it (POST /api/connections)");
}


} } // namespace polytomic::http
