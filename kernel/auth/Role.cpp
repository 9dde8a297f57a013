//
// Role.cpp
//


#include "auth/Role.h"
#include "Poco/String.h"


namespace polytomic {
namespace auth {


namespace
{
	bool startsWith(const std::string& text, const std::string& prefix)
	{
		return text.compare(0, prefix.size(), prefix) == 0 && (text.size() == prefix.size() || text[prefix.size()] == '/');
	}
}


std::string roleName(Role role)
{
	switch (role)
	{
	case Role::ADMIN: return "admin";
	case Role::MEMBER: return "member";
	case Role::VIEWER: return "viewer";
	}
	return "viewer";
}


std::optional<Role> parseRole(const std::string& name)
{
	const std::string lower = Poco::toLower(name);
	if (lower == "admin") return Role::ADMIN;
	if (lower == "member") return Role::MEMBER;
	if (lower == "viewer") return Role::VIEWER;
	return std::nullopt;
}


bool allows(Role held, Role required)
{
	return static_cast<int>(held) >= static_cast<int>(required);
}


Role requiredRole(const std::string& method, const std::string& route)
{
	const bool read = method == "GET" || method == "HEAD";
	if (read && route == "/api/organization") return Role::VIEWER;
	for (const char* adminOnly: {"/api/organization", "/api/organizations", "/api/audit", "/api/settings", "/api/webhooks",
		"/api/permissions", "/api/notifications"})
	{
		if (startsWith(route, adminOnly)) return Role::ADMIN;
	}
	return read ? Role::VIEWER : Role::MEMBER;
}


} } // namespace polytomic::auth
