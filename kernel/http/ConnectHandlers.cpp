//
// ConnectHandlers.cpp
//


#include "http/ConnectHandlers.h"
#include "http/HttpError.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"


namespace polytomic {
namespace http {


ConnectHandlers::ConnectHandlers(auth::ConnectionOAuth& oauth):
	_oauth(oauth)
{
}


void ConnectHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	// The SDK's connections.connect posts to the path with its trailing slash.
	for (const char* path: {"/api/connections/connect", "/api/connections/connect/"})
		router.add("POST", path, access.guard(auth::Role::MEMBER, [this](Exchange& e, const auth::Principal& p) { connect(e, p); }));
	// Any role may arrive here: the state says who started the sign-in, and only they finish it.
	router.add("GET", "/connect/{type}", access.guard(auth::Role::VIEWER, [this](Exchange& e, const auth::Principal& p) { callback(e, p); }));
}


void ConnectHandlers::connect(Exchange& exchange, const auth::Principal& caller)
{
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	auth::ConnectionOAuth::Start start;
	start.connectionId = body["connection"].isString() ? std::optional<std::string>(body["connection"].asString()) : std::nullopt;
	if (!body["connection"].isNull() && !body["connection"].isString()) errors["connection"] = "must be the id of a connection to sign in again";
	start.name = start.connectionId ? body.getString("name") : engine::nameField(body, errors);
	start.type = engine::textField(body, "type", "type", errors);
	start.returnUrl = engine::textField(body, "redirect_url", "redirect_url", errors);
	if (start.returnUrl.empty() && !errors.count("redirect_url")) errors["redirect_url"] = "is required: where the browser goes once signed in";
	if (!body["configuration"].isNull() && !body["configuration"].isObject()) errors["configuration"] = "must be an object";
	if (body["configuration"].isObject()) start.configuration = body["configuration"];
	if (!start.connectionId && start.type.empty() && !errors.count("type")) errors["type"] = "is required (a connection type id), or connection";
	if (!errors.empty()) throw engine::ValidationError("the sign-in cannot start", errors);
	const auth::ConnectionOAuth::Begun begun = _oauth.start(caller, start);
	json::Value data = json::Value::object();
	data.set("redirect_url", begun.authUrl);
	data.set("token", begun.state);
	data.set("auth_url", begun.authUrl);
	exchange.sendData(data);
}


void ConnectHandlers::callback(Exchange& exchange, const auth::Principal& caller)
{
	std::string providerError = exchange.query("error");
	const std::string description = exchange.query("error_description");
	if (!description.empty()) providerError += (providerError.empty() ? "" : ": ") + description;
	try
	{
		const auth::ConnectionOAuth::Finished finished = _oauth.finish(caller, exchange.parameter("type"), exchange.query("state"),
			exchange.query("code"), providerError);
		exchange.redirect(302, finished.returnUrl);
	}
	catch (const auth::ConnectRefused& e)
	{
		throw HttpError(e.status(), e.key(), e.what());
	}
}


} } // namespace polytomic::http
