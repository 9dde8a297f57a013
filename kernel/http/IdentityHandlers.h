//
// IdentityHandlers.h
//
// Definition of the IdentityHandlers class.
//


#ifndef Polytomic_Http_IdentityHandlers_INCLUDED
#define Polytomic_Http_IdentityHandlers_INCLUDED


#include "auth/UserService.h"
#include "engine/BodyFields.h"
#include "http/ApiAccess.h"
#include "http/Router.h"
#include "store/AuditLogRepository.h"
#include "store/OrganizationRepository.h"
#include <string>
#include <utility>


namespace polytomic {
namespace http {


class IdentityHandlers
	/// GET /api/me, the users of the organization (/api/organization/users and
	/// /api/organizations/{org_id}/users, in the SDK's shape: role and role_ids),
	/// their API keys, the organization's key and the audit log (GET /api/audit).
{
public:
	IdentityHandlers(store::OrganizationRepository& organizations, auth::UserService& users, store::AuditLogRepository& audit);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	void me(Exchange& exchange, const auth::Principal& caller);
	void listUsers(Exchange& exchange, const auth::Principal& caller);
	void createUser(Exchange& exchange, const auth::Principal& caller);
	void getUser(Exchange& exchange, const auth::Principal& caller);
	void replaceUser(Exchange& exchange, const auth::Principal& caller);
	void removeUser(Exchange& exchange, const auth::Principal& caller);
	void userKey(Exchange& exchange, const auth::Principal& caller);
	void organizationKey(Exchange& exchange, const auth::Principal& caller);
	void auditLog(Exchange& exchange, const auth::Principal& caller);

	static void checkOrganization(Exchange& exchange, const auth::Principal& caller);
	static bool force(Exchange& exchange);
		/// ?force=true or {"force": true} in the (optional) body.
	static std::pair<std::string, std::string> emailAndRole(Exchange& exchange, const std::string& defaultRole);
		/// The body's email and role: role, or role_ids holding one built-in role's id
		/// (defaultRole when neither is there); refused when they are not valid.
	static std::string roleOfIds(const json::Value& roleIds, engine::FieldErrors& errors);
		/// The role named by role_ids, which must hold one built-in role's id ("" and an error otherwise).
	static json::Value userJson(const store::UserRecord& user);

	store::OrganizationRepository& _organizations;
	auth::UserService& _users;
	store::AuditLogRepository& _audit;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_IdentityHandlers_INCLUDED
