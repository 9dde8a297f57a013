//
// ApiAuthenticator.h
//
// Definition of the ApiAuthenticator class.
//


#ifndef Polytomic_Auth_ApiAuthenticator_INCLUDED
#define Polytomic_Auth_ApiAuthenticator_INCLUDED


#include "auth/Principal.h"
#include "store/OrganizationRepository.h"
#include "store/SessionRepository.h"
#include "store/UserRepository.h"
#include "Poco/Net/HTTPServerRequest.h"
#include <optional>
#include <string>


namespace polytomic {
namespace auth {


class ApiAuthenticator
	/// Authenticates API requests, as Polytomic's API takes them:
	/// - `Authorization: Bearer <API key>`, a user's key (the user's role) or the
	///   organization's key (admin);
	/// - `Authorization: Basic base64(<organization id>:<DEPLOYMENT_API_KEY>)`,
	///   the deployment key (admin of that organization);
	/// - the web UI's session cookie (the user's role; writes need the CSRF token).
	/// Roles are read on every request, so a demoted or removed user loses access at once.
{
public:
	struct Params
	{
		std::string deploymentApiKey;
		int sessionIdleSeconds = 8 * 3600;
	};

	ApiAuthenticator(store::OrganizationRepository& organizations, store::UserRepository& users, store::SessionRepository& sessions,
		const Params& params);

	std::optional<Principal> authenticate(const Poco::Net::HTTPServerRequest& request) const;
		/// The caller, or nothing when the request carries no valid credentials.

	static bool presentsGuessableSecret(const Poco::Net::HTTPServerRequest& request);
		/// True when the request authenticates with a secret a person chose, which can be
		/// guessed: the deployment key (Basic). Only these are throttled per address
		/// (FailureLimiter). API keys and session ids are 256-bit random values the server
		/// minted: guessing one is futile, so a bad one counts against nobody and a good
		/// one is served even from an address that is throttled (behind a NAT or a proxy,
		/// one broken script must not lock out everybody else).

	static std::string sessionCookie(const Poco::Net::HTTPServerRequest& request);
		/// The session id of the request's cookie, or "".

	static const std::string SESSION_COOKIE;

private:
	std::optional<Principal> deploymentKey(const std::string& credentials) const;
	std::optional<Principal> apiKey(const std::string& key) const;
	std::optional<Principal> session(const std::string& sessionId) const;

	store::OrganizationRepository& _organizations;
	store::UserRepository& _users;
	store::SessionRepository& _sessions;
	Params _params;
};


Principal userPrincipal(const store::UserRecord& user, const std::string& via);
	/// A user as a caller, with the role the user has now.


} } // namespace polytomic::auth


#endif // Polytomic_Auth_ApiAuthenticator_INCLUDED
