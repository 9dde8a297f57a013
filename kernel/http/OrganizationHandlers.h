//
// OrganizationHandlers.h
//
// Definition of the OrganizationHandlers class.
//


#ifndef Polytomic_Http_OrganizationHandlers_INCLUDED
#define Polytomic_Http_OrganizationHandlers_INCLUDED


#include "http/ApiAccess.h"
#include "http/Router.h"
#include "store/OrganizationRepository.h"


namespace polytomic {
namespace http {


class OrganizationHandlers
	/// GET /api/organization (the caller's) and /api/organizations (the SDK's
	/// organization group). Every caller sees and (an admin) renames its own
	/// organization; the deployment key (the operator's, Authorization: Basic) sees
	/// all of them and is the only caller that may create or remove one: on-premises
	/// the operator plays the partner of the SaaS. Single sign-on settings (issuer,
	/// sso_domain, sso_org_id, client_id, client_secret) are refused: sign-in is the
	/// deployment's, configured by environment variables.
{
public:
	explicit OrganizationHandlers(store::OrganizationRepository& organizations);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	void list(Exchange& exchange, const auth::Principal& caller);
	void get(Exchange& exchange, const auth::Principal& caller);
	void create(Exchange& exchange, const auth::Principal& caller);
	void update(Exchange& exchange, const auth::Principal& caller);
	void remove(Exchange& exchange, const auth::Principal& caller);

	store::OrganizationRecord visible(const std::string& id, const auth::Principal& caller);
		/// The organization if the caller may see it; 404 otherwise.
	static void requireDeploymentKey(const auth::Principal& caller, const std::string& what);
	static std::string checkedName(Exchange& exchange);
		/// The body's name; refused when it is missing, too long, or the body asks for single sign-on.
	static void check(store::OrganizationRepository::Outcome outcome, const std::string& id, const std::string& name);
	static json::Value organizationJson(const store::OrganizationRecord& organization);

	store::OrganizationRepository& _organizations;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_OrganizationHandlers_INCLUDED
