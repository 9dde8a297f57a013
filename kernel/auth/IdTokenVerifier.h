//
// IdTokenVerifier.h
//
// Definition of the IdTokenVerifier class.
//


#ifndef Polytomic_Auth_IdTokenVerifier_INCLUDED
#define Polytomic_Auth_IdTokenVerifier_INCLUDED


#include "auth/JsonWebKeySet.h"
#include "Poco/JSON/Object.h"
#include <ctime>
#include <string>
#include <vector>


namespace polytomic {
namespace auth {


struct IdTokenClaims
{
	std::string issuer;
	std::string subject;
	std::string email;         /// lower case
	std::string hostedDomain;  /// Google's "hd" (a Workspace domain), "" for a consumer account
	std::string name;
	bool emailVerified = false;
};


struct IdTokenExpectations
{
	std::vector<std::string> issuers;  /// the "iss" must be one of these
	std::string audience;              /// our client id
	std::string nonce;                 /// the nonce of this sign-in
	long leewaySeconds = 60;           /// clock skew allowed on exp and iat
	long maxAgeSeconds = 600;          /// an "iat" older than this is refused
};


class IdTokenVerifier
	/// Verifies an OpenID Connect ID token (Core §3.1.3.7): the RS256 signature
	/// with the provider's key, then every claim, since a valid signature alone
	/// proves nothing about whom the token is for (POCO's JWT checks no claim).
	/// Refusals are SignInRefused with reasons malformed, bad_signature,
	/// wrong_issuer, wrong_audience, expired, issued_in_future, too_old,
	/// wrong_nonce. The token need not carry the email: with the code flow a
	/// provider may give it from its UserInfo endpoint only (Core §5.4).
{
public:
	static std::string keyId(const std::string& token);
		/// The "kid" of the token's header; throws SignInRefused (malformed)
		/// when the token is not a JWS or its algorithm is not RS256.

	static IdTokenClaims verify(const std::string& token, const JsonWebKeySet::Key& key, const IdTokenExpectations& expected,
		std::time_t now = std::time(nullptr));

	static IdTokenClaims standardClaims(const Poco::JSON::Object::Ptr& claims);
		/// The claims of Core §5.1 we use (sub, email, email_verified, name, and
		/// Google's hd), from an ID token's payload or a UserInfo answer.
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_IdTokenVerifier_INCLUDED
