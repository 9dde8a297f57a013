//
// OrganizationHandlers.cpp
//


#include "http/OrganizationHandlers.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "http/HttpError.h"


namespace polytomic {
namespace http {


OrganizationHandlers::OrganizationHandlers(store::OrganizationRepository& organizations):
	_organizations(organizations)
{
}


void OrganizationHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/organization", access.guard([this](Exchange& e, P p) {
		e.sendData(organizationJson(visible(p.organizationId, p)));
	}));
	// Anyone may read the organization they belong to; the handlers narrow what else they see.
	router.add("GET", "/api/organizations", access.guard(auth::Role::VIEWER, [this](Exchange& e, P p) { list(e, p); }));
	router.add("GET", "/api/organizations/{id}", access.guard(auth::Role::VIEWER, [this](Exchange& e, P p) { get(e, p); }));
	router.add("POST", "/api/organizations", access.guard([this](Exchange& e, P p) { create(e, p); }));
	router.add("PUT", "/api/organizations/{id}", access.guard([this](Exchange& e, P p) { update(e, p); }));
	router.add("DELETE", "/api/organizations/{id}", access.guard([this](Exchange& e, P p) { remove(e, p); }));
}


json::Value OrganizationHandlers::organizationJson(const store::OrganizationRecord& organization)
{
	json::Value out = json::Value::object();
	out.set("id", organization.id);
	out.set("name", organization.name);
	out.set("created_at", organization.createdAt);
	out.set("updated_at", organization.updatedAt);
	return out;
}


store::OrganizationRecord OrganizationHandlers::visible(const std::string& id, const auth::Principal& caller)
{
	const bool maySee = caller.kind == "deployment" || id == caller.organizationId;
	const auto found = maySee ? _organizations.find(id) : std::optional<store::OrganizationRecord>();
	if (!found) throw engine::NotFound("no organization " + id);
	return *found;
}


void OrganizationHandlers::requireDeploymentKey(const auth::Principal& caller, const std::string& what)
{
	if (caller.kind != "deployment")
		throw HttpError(403, "forbidden", "only the deployment key " + what + " (Authorization: Basic base64(<organization id>:"
			"<DEPLOYMENT_API_KEY>)); an on-premises deployment's organizations are the operator's");
}


std::string OrganizationHandlers::checkedName(Exchange& exchange)
{
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	const std::string name = engine::nameField(body, errors);
	for (const char* sso: {"issuer", "sso_domain", "sso_org_id", "client_id", "client_secret"})
	{
		if (!body[sso].isNull() && !(body[sso].isString() && body[sso].asString().empty()))
			errors[sso] = "single sign-on is not set per organization on-premises: sign-in is configured for the whole deployment "
				"(AUTH_METHODS, see the README on sign-in); leave it out";
	}
	if (!errors.empty()) throw engine::ValidationError("the organization is not valid", errors);
	return name;
}


void OrganizationHandlers::check(store::OrganizationRepository::Outcome outcome, const std::string& id, const std::string& name)
{
	using Outcome = store::OrganizationRepository::Outcome;
	switch (outcome)
	{
	case Outcome::DONE:
		return;
	case Outcome::NOT_FOUND:
		throw engine::NotFound("no organization " + id);
	case Outcome::DUPLICATE:
		throw engine::Conflict("another organization is named " + name + "; names are unique in the deployment");
	case Outcome::IN_USE:
		throw engine::InUse("organization " + id + " still has connections: remove them first (DELETE /api/connections/{id} "
			"as that organization), then the organization");
	}
}


void OrganizationHandlers::list(Exchange& exchange, const auth::Principal& caller)
{
	json::Value data = json::Value::array();
	if (caller.kind == "deployment")
		for (const auto& organization: _organizations.list()) data.push(organizationJson(organization));
	else
		data.push(organizationJson(visible(caller.organizationId, caller)));
	exchange.sendData(data);
}


void OrganizationHandlers::get(Exchange& exchange, const auth::Principal& caller)
{
	exchange.sendData(organizationJson(visible(exchange.parameter("id"), caller)));
}


void OrganizationHandlers::create(Exchange& exchange, const auth::Principal& caller)
{
	requireDeploymentKey(caller, "creates organizations");
	const std::string name = checkedName(exchange);
	store::OrganizationRecord created;
	check(_organizations.create(name, created), "", name);
	exchange.sendData(organizationJson(created));
}


void OrganizationHandlers::update(Exchange& exchange, const auth::Principal& caller)
{
	const std::string id = visible(exchange.parameter("id"), caller).id;
	const std::string name = checkedName(exchange);
	store::OrganizationRecord renamed;
	check(_organizations.rename(id, name, renamed), id, name);
	exchange.sendData(organizationJson(renamed));
}


void OrganizationHandlers::remove(Exchange& exchange, const auth::Principal& caller)
{
	requireDeploymentKey(caller, "removes organizations");
	const std::string id = visible(exchange.parameter("id"), caller).id;
	if (id == caller.organizationId)
		throw HttpError(403, "forbidden", "the deployment key cannot remove the organization it authenticates as; name another "
			"organization in the Basic credentials (this also keeps the deployment from losing its last organization)");
	check(_organizations.remove(id), id, "");
	exchange.sendNoContent();
}


} } // namespace polytomic::http
