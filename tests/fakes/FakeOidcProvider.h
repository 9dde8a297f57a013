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
	/// An OpenID Connect provider on a loopback port, as Google or Keycloak
	/// behave towards a relying party (OpenID Connect Discovery 1.0, Core 1.0
	/// §3.1, RFC 7636): a discovery document, a JWKS of its RS256 keys
	/// (generated at start), an authorization endpoint that signs in whoever
	/// the test says and sends the browser back with a code, and a token
	/// endpoint that checks the client, the code, the redirect URI and the PKCE
	/// verifier before it hands out an ID token. A test can rotate the keys and
	/// ask for a bad token of any kind.
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
	std::string mint(const Grant& grant) const;

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
	int _jwksFetches = 0;
	int _tokenRequests = 0;
	std::string _lastAuthorizeQuery;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeOidcProvider_INCLUDED
