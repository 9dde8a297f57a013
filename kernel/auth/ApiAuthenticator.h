//
// ApiAuthenticator.h
//
// Definition of the ApiAuthenticator class.
//


#ifndef Polytomic_Auth_ApiAuthenticator_INCLUDED
#define Polytomic_Auth_ApiAuthenticator_INCLUDED


#include "store/OrganizationRepository.h"
#include "Poco/Net/HTTPServerRequest.h"
#include <optional>
#include <string>


namespace polytomic {
namespace auth {


struct Principal
	/// Who is calling the API.
{
	std::string organizationId;
	std::string kind;           /// "deployment" (users and their keys come with sign-in)
};


class ApiAuthenticator
	/// Authenticates API requests. This version knows the deployment key:
	/// `Authorization: Basic base64(<organization id>:<DEPLOYMENT_API_KEY>)`, as
	/// Polytomic's API takes it. Users, their keys and sessions come with sign-in.
{
public:
	ApiAuthenticator(store::OrganizationRepository& organizations, std::string deploymentApiKey);

	std::optional<Principal> authenticate(const Poco::Net::HTTPServerRequest& request) const;
		/// The caller, or nothing when the request carries no valid credentials.

	bool configured() const;
		/// False when no way to authenticate is set up (DEPLOYMENT_API_KEY unset).

private:
	store::OrganizationRepository& _organizations;
	std::string _deploymentApiKey;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_ApiAuthenticator_INCLUDED
