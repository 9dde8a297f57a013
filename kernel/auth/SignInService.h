//
// SignInService.h
//
// Definition of the SignInService class.
//


#ifndef Polytomic_Auth_SignInService_INCLUDED
#define Polytomic_Auth_SignInService_INCLUDED


#include "auth/OidcClient.h"
#include "config/Settings.h"
#include "store/SessionRepository.h"
#include "store/UserRepository.h"
#include <map>
#include <memory>
#include <string>
#include <vector>


namespace polytomic {
namespace auth {


struct OpenedSession
{
	std::string id;          /// the cookie's value; stored only as its hash
	std::string csrfToken;
	store::UserRecord user;
};


class SignInService
	/// How people sign in: OpenID Connect providers (Google, or any other) with
	/// the authorization-code flow, PKCE, state and nonce; one-time sign-in links;
	/// and the sessions they open. Only users who exist in an organization get in.
{
public:
	struct Params
	{
		std::string publicUrl;                   /// POLYTOMIC_URL
		std::vector<std::string> allowedDomains; /// ALLOWED_DOMAINS, lower case; empty: any
		int sessionLifetimeSeconds = 7 * 86400;
		int pendingSeconds = 600;                /// how long a sign-in at the provider may take
		int linkSeconds = 900;                   /// how long a sign-in link works
		int maxPending = 10000;                  /// sign-ins at the providers at once, across all addresses
	};

	SignInService(store::UserRepository& users, store::SessionRepository& sessions, const Params& params);

	void addProvider(const OidcProvider& provider);

	std::vector<OidcProvider> providers() const;

	struct Start
	{
		std::string redirectUrl;  /// the provider's authorization endpoint with our request
		std::string state;        /// to bind the answer to this browser (cookie)
	};

	Start begin(const std::string& providerName);
		/// Starts a sign-in at the provider; throws engine::NotFound for an unknown
		/// provider, ProviderUnavailable when its discovery document cannot be read
		/// or too many sign-ins are under way.

	store::UserRecord complete(const std::string& state, const std::string& code, std::string& providerName);
		/// Completes the sign-in the provider sent back: the state is used once,
		/// the code exchanged with the PKCE verifier, the ID token verified (and
		/// completed from UserInfo when it lacks the email), the email, the
		/// domain and the user checked; providerName tells which provider it was.
		/// Throws SignInRefused or ProviderUnavailable.

	std::string createLink(const std::string& email);
		/// A URL that signs the user in, once, within Params::linkSeconds. Throws
		/// engine::NotFound when no user has this email.

	store::UserRecord useLink(const std::string& token);
		/// The link's user; throws SignInRefused (link_invalid) when the link is
		/// unknown, used or expired.

	OpenedSession openSession(const store::UserRecord& user, const std::string& method);
		/// A new session (a new id at every sign-in).

	void closeSession(const std::string& sessionIdHash);

	std::string redirectUri() const;
		/// {POLYTOMIC_URL}/auth, the redirect URL registered at the provider.

private:
	static void checkEmail(const IdTokenClaims& claims);
	void checkDomain(const OidcProvider& provider, const IdTokenClaims& claims) const;

	store::UserRepository& _users;
	store::SessionRepository& _sessions;
	Params _params;
	std::map<std::string, std::shared_ptr<OidcClient>> _clients;
};


std::vector<OidcProvider> configuredProviders(const config::Settings& settings);
	/// The providers AUTH_METHODS enables: google (GOOGLE_*), oidc (OIDC_*).


} } // namespace polytomic::auth


#endif // Polytomic_Auth_SignInService_INCLUDED
