//
// OAuthSpec.h
//
// Definition of the OAuthSpec class.
//


#ifndef Polytomic_Engine_OAuthSpec_INCLUDED
#define Polytomic_Engine_OAuthSpec_INCLUDED


#include "config/Environment.h"
#include "polytomic/json.hpp"
#include <map>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace engine {


class OAuthSpec
	/// How a connector signs in with OAuth 2.0 (RFC 6749 authorization code
	/// grant, RFC 7636 PKCE): the "oauth" member of its spec (sdk/README.md),
	/// with the OAuth app's credentials from the environment
	/// (<TYPE>_CLIENT_ID, <TYPE>_CLIENT_SECRET) and, for a vendor's sandbox or
	/// a test, its URLs (<TYPE>_OAUTH_AUTHORIZE_URL, <TYPE>_OAUTH_TOKEN_URL).
{
public:
	std::string type;
	std::string authorizeUrl;
	std::string tokenUrl;
	std::vector<std::string> scopes;
	std::vector<std::string> optionalScopes;
	std::string scopeParameter = "scope";           /// the authorize URL's parameter of the scopes
	std::string scopeSeparator = " ";
	std::map<std::string, std::string> authorizeParameters; /// added to the authorize URL as they are
	bool pkce = false;                               /// S256 code challenge
	bool basicAuthentication = false;                /// client credentials in Authorization: Basic, not the body
	long long refreshMarginSeconds = 300;            /// refresh this long before expiry (at most a quarter of the lifetime)
	long long defaultLifetimeSeconds = 3600;         /// when a token answer has no expires_in
	std::string clientId;
	std::string clientSecret;

	struct UrlParameter
		/// A {name} in authorize_url or token_url, taken from the connection's configuration property of that name.
	{
		std::string fallback;                    /// when the configuration leaves it out
		std::vector<std::string> hostSuffixes;   /// the host names it may be (the app's secret goes there)
	};
	std::map<std::string, UrlParameter> urlParameters;
	std::vector<std::string> tokenFields;        /// members of the token answer given to the connector in its configuration
	std::string clientCredentialsProperty;       /// the configuration property that selects the client credentials grant ...
	std::string clientCredentialsValue;          /// ... when it holds this value

	static std::optional<OAuthSpec> of(const std::string& type, const json::Value& spec, const config::Environment& environment);
		/// Nothing when the spec declares no "oauth"; throws std::invalid_argument for a malformed one.

	OAuthSpec forConnection(const json::Value& configuration) const;
		/// The spec with the URLs' {parameters} filled from a connection's configuration; throws
		/// ValidationError for a value that is not one of the host names the connector allows.

	bool usesClientCredentials(const json::Value& configuration) const;
		/// The connection signs in with the client credentials grant (RFC 6749 §4.4): no browser, no refresh token.

	void requireApp() const;
		/// Throws CheckFailed naming the variables when the OAuth app's credentials are not set.

	static std::string variablePrefix(const std::string& type);
		/// HUBSPOT for hubspot.

	json::Value describe() const;
		/// What GET /api/connection_types/{id} shows (no credential).
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_OAuthSpec_INCLUDED
