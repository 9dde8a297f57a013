//
// IdentityHandlers.cpp
//


#include "http/IdentityHandlers.h"
#include "http/HttpError.h"
#include "http/PermissionHandlers.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"


namespace polytomic {
namespace http {


IdentityHandlers::IdentityHandlers(store::OrganizationRepository& organizations, auth::UserService& users, store::AuditLogRepository& audit):
	_organizations(organizations),
	_users(users),
	_audit(audit)
{
}


void IdentityHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/me", access.guard([this](Exchange& e, P p) { me(e, p); }));
	router.add("POST", "/api/organization/keys", access.guard([this](Exchange& e, P p) { organizationKey(e, p); }));
	for (const std::string base: {"/api/organization/users", "/api/organizations/{org_id}/users"})
	{
		router.add("GET", base, access.guard([this](Exchange& e, P p) { listUsers(e, p); }));
		router.add("POST", base, access.guard([this](Exchange& e, P p) { createUser(e, p); }));
		router.add("GET", base + "/{id}", access.guard([this](Exchange& e, P p) { getUser(e, p); }));
		router.add("PUT", base + "/{id}", access.guard([this](Exchange& e, P p) { replaceUser(e, p); }));
		router.add("DELETE", base + "/{id}", access.guard([this](Exchange& e, P p) { removeUser(e, p); }));
	}
	// Users may make their own key; UserService lets only an admin make anyone else's.
	router.add("POST", "/api/organizations/{org_id}/users/{id}/keys", access.guard(auth::Role::VIEWER, [this](Exchange& e, P p) { userKey(e, p); }));
	router.add("GET", "/api/audit", access.guard([this](Exchange& e, P p) { auditLog(e, p); }));
}


json::Value IdentityHandlers::userJson(const store::UserRecord& u)
{
	json::Value out = json::Value::object();
	out.set("id", u.id);
	out.set("email", u.email);
	out.set("organization_id", u.organizationId);
	out.set("role", u.role);
	json::Value roleIds = json::Value::array();
	if (auto role = auth::parseRole(u.role)) roleIds.push(PermissionHandlers::roleId(*role));
	out.set("role_ids", roleIds);
	out.set("created_at", u.createdAt);
	out.set("updated_at", u.updatedAt);
	return out;
}


void IdentityHandlers::checkOrganization(Exchange& exchange, const auth::Principal& caller)
{
	try
	{
		if (exchange.parameter("org_id") != caller.organizationId) throw engine::NotFound("no organization " + exchange.parameter("org_id"));
	}
	catch (const std::out_of_range&)
	{
		// /api/organization/...: the caller's own.
	}
}


bool IdentityHandlers::force(Exchange& exchange)
{
	if (exchange.query("force") == "true") return true;
	engine::FieldErrors errors;
	const bool force = engine::flagField(exchange.bodyObject(true), "force", "force", errors, false);
	if (!errors.empty()) throw engine::ValidationError("bad key request", errors);
	return force;
}


std::string IdentityHandlers::roleOfIds(const json::Value& roleIds, engine::FieldErrors& errors)
{
	if (!roleIds.isArray() || roleIds.size() != 1 || !roleIds[0].isString())
	{
		errors["role_ids"] = "must hold one role id: a user has one role here";
		return "";
	}
	auto role = PermissionHandlers::roleOfId(roleIds[0].asString());
	if (!role) errors["role_ids"] = "names no role; GET /api/permissions/roles lists them";
	return role ? auth::roleName(*role) : "";
}


std::pair<std::string, std::string> IdentityHandlers::emailAndRole(Exchange& exchange, const std::string& defaultRole)
{
	const json::Value body = exchange.bodyObject();
	engine::FieldErrors errors;
	const std::string email = engine::textField(body, "email", "email", errors);
	std::string role = engine::textField(body, "role", "role", errors, defaultRole);
	if (!body["role_ids"].isNull())
	{
		if (!body["role"].isNull()) errors["role_ids"] = "give role or role_ids, not both";
		else role = roleOfIds(body["role_ids"], errors);
	}
	if (!errors.empty()) throw engine::ValidationError("the user is not valid", errors);
	return {email, role};
}


void IdentityHandlers::me(Exchange& exchange, const auth::Principal& caller)
{
	json::Value out = json::Value::object();
	// The SDK types id and email as strings and leaves them out for a caller that is not a user.
	if (caller.isUser())
	{
		out.set("id", caller.userId);
		out.set("email", caller.email);
	}
	out.set("role", auth::roleName(caller.role));
	out.set("organization_id", caller.organizationId);
	if (auto organization = _organizations.find(caller.organizationId)) out.set("organization_name", organization->name);
	out.set("is_user", caller.isUser());
	out.set("is_organization", caller.kind == "organization");
	out.set("is_partner", false);
	out.set("is_system", caller.kind == "deployment");
	if (caller.via == "session") out.set("csrf_token", caller.csrfToken);
	exchange.sendData(out);
}


void IdentityHandlers::listUsers(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	json::Value data = json::Value::array();
	for (const auto& user: _users.list(caller.organizationId)) data.push(userJson(user));
	exchange.sendData(data);
}


void IdentityHandlers::createUser(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	const auto [email, role] = emailAndRole(exchange, "member");
	exchange.sendData(userJson(_users.create(caller.organizationId, email, role)));
}


void IdentityHandlers::getUser(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	exchange.sendData(userJson(_users.get(caller.organizationId, exchange.parameter("id"))));
}


void IdentityHandlers::replaceUser(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	const auto [email, role] = emailAndRole(exchange, "");
	if (role.empty()) throw engine::ValidationError("the user is not valid", {{"role", "role or role_ids is required (PUT replaces the whole user)"}});
	exchange.sendData(userJson(_users.replace(caller.organizationId, exchange.parameter("id"), email, role)));
}


void IdentityHandlers::removeUser(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	// The SDK's users.remove answers the user it removed.
	const store::UserRecord user = _users.get(caller.organizationId, exchange.parameter("id"));
	_users.remove(caller.organizationId, user.id);
	exchange.sendData(userJson(user));
}


void IdentityHandlers::userKey(Exchange& exchange, const auth::Principal& caller)
{
	checkOrganization(exchange, caller);
	if (!auth::allows(caller.role, auth::Role::ADMIN) && caller.userId != exchange.parameter("id"))
		throw HttpError(403, "forbidden", "only an admin makes keys for other users; you may make your own");
	json::Value out = json::Value::object();
	out.set("value", _users.issueUserKey(caller, exchange.parameter("id"), force(exchange)));
	exchange.answerHoldsSecret();
	exchange.sendData(out);
}


void IdentityHandlers::organizationKey(Exchange& exchange, const auth::Principal& caller)
{
	json::Value out = json::Value::object();
	out.set("value", _users.issueOrganizationKey(caller.organizationId, force(exchange)));
	exchange.answerHoldsSecret();
	exchange.sendData(out);
}


void IdentityHandlers::auditLog(Exchange& exchange, const auth::Principal& caller)
{
	store::AuditQuery query;
	query.organizationId = caller.organizationId;
	query.action = exchange.query("action");
	query.actorId = exchange.query("actor_id");
	query.limit = exchange.limit(50, 100);
	query.before = exchange.query("page_token");
	std::string next;
	json::Value data = json::Value::array();
	for (const auto& a: _audit.list(query, next))
	{
		json::Value item = json::Value::object();
		item.set("id", a.id);
		item.set("created_at", a.createdAt);
		json::Value actor = json::Value::object();
		actor.set("type", a.actorType);
		actor.set("id", a.actorId.empty() ? json::Value() : json::Value(a.actorId));
		actor.set("email", a.actorEmail.empty() ? json::Value() : json::Value(a.actorEmail));
		item.set("actor", actor);
		item.set("action", a.action);
		item.set("method", a.method);
		item.set("route", a.route);
		item.set("resource_id", a.resourceId.empty() ? json::Value() : json::Value(a.resourceId));
		item.set("status", static_cast<int64_t>(a.status));
		item.set("detail", a.detail.empty() ? json::Value() : json::Value(a.detail));
		item.set("client_address", a.clientAddress);
		item.set("request_id", a.requestId);
		data.push(item);
	}
	exchange.sendPage(data, next);
}


} } // namespace polytomic::http
