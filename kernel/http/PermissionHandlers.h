//
// PermissionHandlers.h
//
// Definition of the PermissionHandlers class.
//


#ifndef Polytomic_Http_PermissionHandlers_INCLUDED
#define Polytomic_Http_PermissionHandlers_INCLUDED


#include "auth/Role.h"
#include "http/ApiAccess.h"
#include "http/Router.h"
#include "polytomic/json.hpp"
#include <optional>
#include <string>


namespace polytomic {
namespace http {


class PermissionHandlers
	/// /api/permissions/roles and /api/permissions/policies. Access on-premises is
	/// the three built-in roles of auth::Role (admin, member, viewer), enforced on
	/// every route by auth::requiredRole: they are served as the SDK's system roles,
	/// and that rule as one system policy. Nothing else is stored, so custom roles
	/// and policies, and any change to the built-in ones, are refused with 403
	/// (an accepted policy that nothing enforced would pretend to protect).
{
public:
	void registerRoutes(Router& router, const ApiAccess& access);

	static std::string roleId(auth::Role role);
		/// The fixed id of a built-in role, the same in every organization.

	static std::optional<auth::Role> roleOfId(const std::string& id);
		/// The built-in role with this id, or nothing.

	static const std::string SYSTEM_POLICY_ID;

private:
	static json::Value roleJson(auth::Role role, const std::string& organizationId);
	static json::Value policyJson(const std::string& organizationId);
	static auth::Role builtInRole(Exchange& exchange);
		/// The role of the {id} parameter; 404 when it names none.
};


} } // namespace polytomic::http


#endif // Polytomic_Http_PermissionHandlers_INCLUDED
