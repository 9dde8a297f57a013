//
// OidcClient.h
//
// Definition of the OidcClient class.
//


#ifndef Polytomic_Auth_OidcClient_INCLUDED
#define Polytomic_Auth_OidcClient_INCLUDED


#include "auth/IdTokenVerifier.h"
#include "auth/JsonWebKeySet.h"
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace auth {


struct OidcProvider
	/// One OpenID Connect provider users sign in with.
{
	std::string name;           /// "google" or "oidc": the method in AUTH_METHODS and the path /auth/login/<name>
	std::string displayName;    /// "Google", "single sign-on"
	std::string issuer;         /// GOOGLE_ISSUER / OIDC_ISSUER
	std::string clientId;
	std::string clientSecret;
	std::vector<std::string> extraIssuers; /// other spellings of the issuer in ID tokens ("accounts.google.com")
};


class OidcClient
	/// Talks to one provider, as the authorization-code flow with PKCE needs
	/// (OpenID Connect Core §3.1, RFC 7636): its endpoints come from its
	/// discovery document (cached for an hour), its signing keys from its JWKS
	/// (cached, and fetched again when a token names a key id we do not know:
	/// providers rotate keys). Only https:// endpoints are used, or http:// on a
	/// loopback address (tests). Thread-safe.
{
public:
	explicit OidcClient(OidcProvider provider);

	const OidcProvider& provider() const;

	std::string authorizationUrl(const std::string& redirectUri, const std::string& state, const std::string& nonce,
		const std::string& codeChallenge, const std::string& hostedDomain = "");
		/// Where to send the browser. Throws ProviderUnavailable.

	struct Tokens
	{
		std::string idToken;
		std::string accessToken;  /// for the UserInfo endpoint; "" when the provider gave none
	};

	Tokens exchangeCode(const std::string& code, const std::string& codeVerifier, const std::string& redirectUri);
		/// The tokens the token endpoint gives for the code. Throws SignInRefused
		/// when the provider refuses the code, ProviderUnavailable when it cannot be reached.

	IdTokenClaims verify(const std::string& idToken, const std::string& nonce);
		/// The token's claims, checked (IdTokenVerifier) against this provider's
		/// keys, issuer and our client id.

	IdTokenClaims withUserInfo(IdTokenClaims claims, const std::string& accessToken);
		/// The claims, with the email (and email_verified, name, hd) from the
		/// provider's UserInfo endpoint when the ID token lacks it: with the code
		/// flow a provider may return them from there only (Core §5.4). The
		/// answer must be about the same user as the ID token (its sub, §5.3.2),
		/// or the sign-in is refused (SignInRefused wrong_subject). Throws
		/// ProviderUnavailable when the endpoint cannot be reached or refuses.

	static bool usableUrl(const std::string& url);
		/// https://, or http:// on a loopback address.

private:
	struct Discovery
	{
		std::string issuer;
		std::string authorizationEndpoint;
		std::string tokenEndpoint;
		std::string jwksUri;
		std::string userinfoEndpoint;     /// "" when the provider has none
		bool basicAuthentication = true;  /// client_secret_basic, else client_secret_post
	};

	Discovery discovery();
	JsonWebKeySet::Key signingKey(const std::string& keyId);

	OidcProvider _provider;
	std::mutex _mutex;
	std::optional<Discovery> _discovery;
	std::chrono::steady_clock::time_point _discoveredAt;
	JsonWebKeySet _keys;
};


//
// inlines
//
inline const OidcProvider& OidcClient::provider() const
{
	return _provider;
}


} } // namespace polytomic::auth


#endif // Polytomic_Auth_OidcClient_INCLUDED
