//
// Role.h
//
// Definition of the Role enumeration and the access rule of the API.
//


#ifndef Polytomic_Auth_Role_INCLUDED
#define Polytomic_Auth_Role_INCLUDED


#include <optional>
#include <string>


namespace polytomic {
namespace auth {


enum class Role
	/// What a caller may do, each role including the ones below it.
{
	VIEWER,   /// read only
	MEMBER,   /// and pipelines: connections, models, syncs, bulk syncs
	ADMIN     /// and users, keys, settings, the audit log
};


std::string roleName(Role role);
	/// "viewer", "member", "admin".

std::optional<Role> parseRole(const std::string& name);
	/// The role of a name (case-insensitive), or nothing.

bool allows(Role held, Role required);

Role requiredRole(const std::string& method, const std::string& route);
	/// The rule applied to every API route: GET and HEAD need a viewer, other
	/// methods a member; users, keys, webhooks, settings and the audit log need
	/// an admin whatever the method, except reading the organization itself.
	/// Derived from the method and the route template, so that a handler added
	/// anywhere is covered without naming its role.


} } // namespace polytomic::auth


#endif // Polytomic_Auth_Role_INCLUDED
