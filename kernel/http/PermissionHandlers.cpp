//
// PermissionHandlers.cpp
//


#include "http/PermissionHandlers.h"
#include "http/HttpError.h"
#include "Poco/Ascii.h"
#include "Poco/String.h"
#include <utility>


namespace polytomic {
namespace http {


const std::string PermissionHandlers::SYSTEM_POLICY_ID = "5b0c7e1a-0000-4000-8000-00000000f001";


namespace
{
	const auth::Role ALL_ROLES[] = {auth::Role::ADMIN, auth::Role::MEMBER, auth::Role::VIEWER};


	std::string displayName(auth::Role role)
	{
		std::string name = auth::roleName(role);
		name[0] = static_cast<char>(Poco::Ascii::toUpper(name[0]));
		return name;
	}


	json::Value idsFrom(auth::Role lowest)
		/// The ids of lowest and every role above it.
	{
		json::Value ids = json::Value::array();
		for (auth::Role role: ALL_ROLES)
			if (auth::allows(role, lowest)) ids.push(PermissionHandlers::roleId(role));
		return ids;
	}


	HttpError notSupported(const std::string& what)
	{
		return HttpError(403, "not_supported", what + " are not available on-premises: access is the built-in roles admin, member and viewer "
			"(GET /api/permissions/roles); give a user one of them with role_ids or role on PUT /api/organizations/{org_id}/users/{id}");
	}


	HttpError builtIn(const std::string& key, const std::string& what)
	{
		return HttpError(403, key, what + " cannot be changed or removed (it is what the server enforces); give a user another role with "
			"PUT /api/organizations/{org_id}/users/{id}");
	}
}


std::string PermissionHandlers::roleId(auth::Role role)
{
	switch (role)
	{
	case auth::Role::ADMIN: return "5b0c7e1a-0000-4000-8000-00000000a001";
	case auth::Role::MEMBER: return "5b0c7e1a-0000-4000-8000-00000000a002";
	case auth::Role::VIEWER: return "5b0c7e1a-0000-4000-8000-00000000a003";
	}
	return "";
}


std::optional<auth::Role> PermissionHandlers::roleOfId(const std::string& id)
{
	const std::string lower = Poco::toLower(id);
	for (auth::Role role: ALL_ROLES)
		if (roleId(role) == lower) return role;
	return std::nullopt;
}


json::Value PermissionHandlers::roleJson(auth::Role role, const std::string& organizationId)
{
	json::Value out = json::Value::object();
	out.set("id", roleId(role));
	out.set("name", displayName(role));
	out.set("organization_id", organizationId);
	out.set("system", true);
	return out;
}


json::Value PermissionHandlers::policyJson(const std::string& organizationId)
{
	// What auth::requiredRole enforces on every route, in the SDK's words.
	static const std::pair<const char*, auth::Role> RULE[] = {{"read", auth::Role::VIEWER}, {"write", auth::Role::MEMBER},
		{"administer", auth::Role::ADMIN}};
	json::Value actions = json::Value::array();
	for (const auto& [action, lowest]: RULE)
	{
		json::Value item = json::Value::object();
		item.set("action", action);
		item.set("role_ids", idsFrom(lowest));
		actions.push(item);
	}
	json::Value out = json::Value::object();
	out.set("id", SYSTEM_POLICY_ID);
	out.set("name", "Built-in access");
	out.set("organization_id", organizationId);
	out.set("system", true);
	out.set("policy_actions", actions);
	return out;
}


auth::Role PermissionHandlers::builtInRole(Exchange& exchange)
{
	auto role = roleOfId(exchange.parameter("id"));
	if (!role) throw HttpError::notFound("no role " + exchange.parameter("id") + "; GET /api/permissions/roles lists them");
	return *role;
}


void PermissionHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	// Everyone may see which roles exist; changes need an admin (the rule for /api/permissions), then are refused.
	router.add("GET", "/api/permissions/roles", access.guard(auth::Role::VIEWER, [](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (auth::Role role: ALL_ROLES) data.push(roleJson(role, p.organizationId));
		e.sendData(data);
	}));
	router.add("GET", "/api/permissions/roles/{id}", access.guard(auth::Role::VIEWER, [](Exchange& e, P p) {
		e.sendData(roleJson(builtInRole(e), p.organizationId));
	}));
	router.add("POST", "/api/permissions/roles", access.guard([](Exchange&, P) { throw notSupported("custom roles"); }));
	for (const char* method: {"PUT", "DELETE"})
	{
		router.add(method, "/api/permissions/roles/{id}", access.guard([](Exchange& e, P) {
			builtInRole(e);
			throw builtIn("system_role", "a built-in role");
		}));
	}
	router.add("GET", "/api/permissions/policies", access.guard(auth::Role::VIEWER, [](Exchange& e, P p) {
		json::Value data = json::Value::array();
		data.push(policyJson(p.organizationId));
		e.sendData(data);
	}));
	router.add("GET", "/api/permissions/policies/{id}", access.guard(auth::Role::VIEWER, [](Exchange& e, P p) {
		if (Poco::toLower(e.parameter("id")) != SYSTEM_POLICY_ID) throw HttpError::notFound("no policy " + e.parameter("id"));
		e.sendData(policyJson(p.organizationId));
	}));
	router.add("POST", "/api/permissions/policies", access.guard([](Exchange&, P) { throw notSupported("custom policies"); }));
	for (const char* method: {"PUT", "DELETE"})
	{
		router.add(method, "/api/permissions/policies/{id}", access.guard([](Exchange& e, P) {
			if (Poco::toLower(e.parameter("id")) != SYSTEM_POLICY_ID) throw HttpError::notFound("no policy " + e.parameter("id"));
			throw builtIn("system_policy", "the built-in policy");
		}));
	}
}


} } // namespace polytomic::http
