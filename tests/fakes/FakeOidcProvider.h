//
// FakeOidcProvider.h
//
// Definition of the FakeOidcProvider class.
//


#ifndef Polytomic_Test_FakeOidcProvider_INCLUDED
#define Polytomic_Test_FakeOidcProvider_INCLUDED


#include "Poco/Crypto/RSAKey.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPServer.h"
#include <map>
#include <memory>
#include <mutex>
#include <string>


namespace polytomic {
namespace test {


class FakeOidcProvider
	/// An OpenID Connect provider on a loopback port, as a certified provider
	/// behaves towards a relying party (OpenID Connect Discovery 1.0, Core 1.0
	/// §3.1, RFC 7636): a discovery document, a JWKS of its RS256 keys
	/// (generated at start), an authorization endpoint that signs in whoever
	/// the test says and sends the browser back with a code, a token endpoint
	/// that checks the client, the code, the redirect URI and the PKCE verifier
	/// before it hands out an ID token and an access token, and a UserInfo
	/// endpoint (Core §5.3) that answers for that access token only.
	///
	/// Where the user's claims go follows Core §5.4: "The Claims requested by
	/// the profile, email, address, and phone scope values are returned from
	/// the UserInfo Endpoint, as described in Section 5.3.2, when a
	/// response_type value is used that results in an Access Token being
	/// issued." So by default the ID token carries no email, name or hd, only
	/// UserInfo does, as the certified node oidc-provider does by default (its
	/// conformIdTokenClaims). setClaimsInIdToken(true) puts them in the ID
	/// token as well, as Google does. A test can rotate the keys and ask for a
	/// bad token or a bad UserInfo answer of any kind.
{
public:
	struct Mischief
		/// What is wrong with the next ID token.
	{
		bool wrongAudience = false;
		bool expired = false;
		bool badSignature = false;     /// signed, then one byte of the signature flipped
		bool unpublishedKey = false;   /// signed with a key the JWKS does not have (same kid)
		bool wrongNonce = false;
		bool wrongIssuer = false;
		bool unverifiedEmail = false;
		bool userInfoOfAnotherUser = false;  /// UserInfo answers with another sub than the ID token's
		std::string hostedDomain;      /// Google's "hd" claim
	};

	FakeOidcProvider(const std::string& clientId, const std::string& clientSecret);
	~FakeOidcProvider();

	std::string issuer() const;
		/// http://127.0.0.1:<port>

	void signInAs(const std::string& email);
	void signInAs(const std::string& email, const Mischief& mischief);
		/// Who the authorization endpoint signs in from now on ("" : nobody, the
		/// user cancels: error=access_denied).

	void rotateKeys();
		/// A new signing key with a new kid; the JWKS publishes only the new one.

	void setClaimsInIdToken(bool inIdToken);
		/// true: the ID token carries email, email_verified, name and hd too
		/// (Google); false (the default): only UserInfo has them (Core §5.4).

	int userInfoRequests() const;
		/// UserInfo requests that carried an access token this provider issued.

	int jwksFetches() const;
	int tokenRequests() const;
	std::string lastAuthorizeQuery() const;

	std::string idToken(const Poco::JSON::Object& claims, bool publishedKey = true) const;
		/// An RS256 token of the claims, with the current kid.

	std::string jwks() const;

private:
	class Handler;
	friend class Handler;

	struct Grant
	{
		std::string email;
		Mischief mischief;
		std::string nonce;
		std::string codeChallenge;
		std::string redirectUri;
	};

	void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	void authorize(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	void token(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	void userInfo(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
	std::string mint(const Grant& grant) const;
	static void addUserClaims(Poco::JSON::Object& claims, const Grant& grant);

	std::string _clientId;
	std::string _clientSecret;
	std::unique_ptr<Poco::Net::HTTPServer> _server;
	unsigned _port = 0;

	mutable std::mutex _mutex;
	std::shared_ptr<Poco::Crypto::RSAKey> _key;
	std::shared_ptr<Poco::Crypto::RSAKey> _otherKey;
	std::string _keyId;
	int _generation = 0;
	std::string _email;
	Mischief _mischief;
	std::map<std::string, Grant> _codes;
	std::map<std::string, Grant> _accessTokens;
	bool _claimsInIdToken = false;
	int _userInfoRequests = 0;
	int _jwksFetches = 0;
	int _tokenRequests = 0;
	std::string _lastAuthorizeQuery;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeOidcProvider_INCLUDED
