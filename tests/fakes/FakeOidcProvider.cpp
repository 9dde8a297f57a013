//
// FakeOidcProvider.cpp
//


#include "fakes/FakeOidcProvider.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/DigestEngine.h"
#include "Poco/Crypto/RSADigestEngine.h"
#include "Poco/JSON/Array.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/String.h"
#include "Poco/UUIDGenerator.h"
#include "Poco/URI.h"
#include <ctime>
#include <sstream>


namespace polytomic {
namespace test {


namespace
{
	std::string base64Url(const std::string& bytes)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		encoder.rdbuf()->setLineLength(0);
		encoder << bytes;
		encoder.close();
		return out.str();
	}


	std::string base64Url(const std::vector<unsigned char>& bytes)
	{
		return base64Url(std::string(bytes.begin(), bytes.end()));
	}


	std::string json(const Poco::JSON::Object& object)
	{
		std::ostringstream out;
		object.stringify(out);
		return out.str();
	}


	void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& body, const std::string& type = "application/json")
	{
		response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
		response.setContentType(type);
		response.set("Cache-Control", "no-store");
		response.sendBuffer(body.data(), body.size());
	}


	void sendError(Poco::Net::HTTPServerResponse& response, int status, const std::string& error)
	{
		send(response, status, "{\"error\":\"" + error + "\"}");
	}


	std::string sha256(const std::string& text)
	{
		Poco::Crypto::DigestEngine engine("SHA256");
		engine.update(text);
		const auto& digest = engine.digest();
		return std::string(digest.begin(), digest.end());
	}


	std::string newKeyId(int generation)
	{
		return "fake-key-" + std::to_string(generation);
	}
}


class FakeOidcProvider::Handler: public Poco::Net::HTTPRequestHandler, public Poco::Net::HTTPRequestHandlerFactory
{
public:
	explicit Handler(FakeOidcProvider& provider):
		_provider(provider)
	{
	}

	Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
	{
		return new Handler(_provider);
	}

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
	{
		try
		{
			_provider.serve(request, response);
		}
		catch (const std::exception& e)
		{
			if (!response.sent()) send(response, 500, std::string("{\"error\":\"server_error\",\"error_description\":\"") + e.what() + "\"}");
		}
	}

private:
	FakeOidcProvider& _provider;
};


FakeOidcProvider::FakeOidcProvider(const std::string& clientId, const std::string& clientSecret):
	_clientId(clientId),
	_clientSecret(clientSecret),
	_key(std::make_shared<Poco::Crypto::RSAKey>(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE)),
	_otherKey(std::make_shared<Poco::Crypto::RSAKey>(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE)),
	_keyId(newKeyId(0))
{
	Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
	_port = socket.address().port();
	auto* params = new Poco::Net::HTTPServerParams;
	params->setMaxThreads(4);
	_server = std::make_unique<Poco::Net::HTTPServer>(new Handler(*this), socket, params);
	_server->start();
}


FakeOidcProvider::~FakeOidcProvider()
{
	_server->stopAll(true);
}


std::string FakeOidcProvider::issuer() const
{
	return "http://127.0.0.1:" + std::to_string(_port);
}


void FakeOidcProvider::signInAs(const std::string& email)
{
	signInAs(email, Mischief());
}


void FakeOidcProvider::signInAs(const std::string& email, const Mischief& mischief)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_email = email;
	_mischief = mischief;
}


void FakeOidcProvider::rotateKeys()
{
	auto key = std::make_shared<Poco::Crypto::RSAKey>(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE);
	std::lock_guard<std::mutex> lock(_mutex);
	_key = key;
	_keyId = newKeyId(++_generation);
}


void FakeOidcProvider::setClaimsInIdToken(bool inIdToken)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_claimsInIdToken = inIdToken;
}


int FakeOidcProvider::userInfoRequests() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _userInfoRequests;
}


int FakeOidcProvider::jwksFetches() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _jwksFetches;
}


int FakeOidcProvider::tokenRequests() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _tokenRequests;
}


std::string FakeOidcProvider::lastAuthorizeQuery() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _lastAuthorizeQuery;
}


std::string FakeOidcProvider::jwks() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	Poco::JSON::Object key;
	key.set("kty", "RSA");
	key.set("use", "sig");
	key.set("alg", "RS256");
	key.set("kid", _keyId);
	key.set("n", base64Url(_key->modulus()));
	key.set("e", base64Url(_key->encryptionExponent()));
	Poco::JSON::Array keys;
	keys.add(key);
	Poco::JSON::Object set;
	set.set("keys", keys);
	return json(set);
}


std::string FakeOidcProvider::idToken(const Poco::JSON::Object& claims, bool publishedKey) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	Poco::JSON::Object header(Poco::JSON_PRESERVE_KEY_ORDER);
	header.set("alg", "RS256");
	header.set("kid", _keyId);
	header.set("typ", "JWT");
	const std::string signingInput = base64Url(json(header)) + "." + base64Url(json(claims));
	Poco::Crypto::RSADigestEngine signer(publishedKey ? *_key : *_otherKey, "SHA256");
	signer.update(signingInput);
	return signingInput + "." + base64Url(signer.signature());
}


std::string FakeOidcProvider::mint(const Grant& grant) const
{
	const std::time_t now = std::time(nullptr);
	const Mischief& m = grant.mischief;
	Poco::JSON::Object claims;
	claims.set("iss", m.wrongIssuer ? "https://issuer.example.com" : issuer());
	claims.set("sub", "sub-" + grant.email);
	claims.set("aud", m.wrongAudience ? "someone-elses-client" : _clientId);
	claims.set("azp", m.wrongAudience ? "someone-elses-client" : _clientId);
	claims.set("iat", static_cast<Poco::Int64>(m.expired ? now - 7200 : now));
	claims.set("exp", static_cast<Poco::Int64>(m.expired ? now - 3600 : now + 3600));
	claims.set("nonce", m.wrongNonce ? "not-the-nonce" : grant.nonce);
	bool claimsInIdToken = false;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		claimsInIdToken = _claimsInIdToken;
	}
	if (claimsInIdToken) addUserClaims(claims, grant);
	std::string token = idToken(claims, !m.unpublishedKey);
	if (m.badSignature)
	{
		// Flip one bit in the middle of the signature (base64url stays valid).
		const auto at = token.rfind('.') + 10;
		token[at] = token[at] == 'A' ? 'B' : 'A';
	}
	return token;
}


void FakeOidcProvider::addUserClaims(Poco::JSON::Object& claims, const Grant& grant)
	/// What the scopes "email profile" ask for, and Google's hd.
{
	claims.set("email", grant.email);
	claims.set("email_verified", !grant.mischief.unverifiedEmail);
	claims.set("name", "Test User");
	if (!grant.mischief.hostedDomain.empty()) claims.set("hd", grant.mischief.hostedDomain);
}


void FakeOidcProvider::serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	const std::string path = Poco::URI(request.getURI()).getPath();
	if (request.getMethod() == "GET" && path == "/.well-known/openid-configuration")
	{
		Poco::JSON::Object document;
		document.set("issuer", issuer());
		document.set("authorization_endpoint", issuer() + "/authorize");
		document.set("token_endpoint", issuer() + "/token");
		document.set("jwks_uri", issuer() + "/jwks");
		document.set("userinfo_endpoint", issuer() + "/userinfo");
		Poco::JSON::Array types, subjects, algs, methods, challenges, scopes;
		types.add("code");
		subjects.add("public");
		algs.add("RS256");
		methods.add("client_secret_basic");
		methods.add("client_secret_post");
		challenges.add("S256");
		scopes.add("openid");
		scopes.add("email");
		scopes.add("profile");
		document.set("response_types_supported", types);
		document.set("subject_types_supported", subjects);
		document.set("id_token_signing_alg_values_supported", algs);
		document.set("token_endpoint_auth_methods_supported", methods);
		document.set("code_challenge_methods_supported", challenges);
		document.set("scopes_supported", scopes);
		send(response, 200, json(document));
	}
	else if (request.getMethod() == "GET" && path == "/jwks")
	{
		{
			std::lock_guard<std::mutex> lock(_mutex);
			++_jwksFetches;
		}
		send(response, 200, jwks());
	}
	else if (request.getMethod() == "GET" && path == "/authorize")
	{
		authorize(request, response);
	}
	else if (request.getMethod() == "POST" && path == "/token")
	{
		token(request, response);
	}
	else if ((request.getMethod() == "GET" || request.getMethod() == "POST") && path == "/userinfo")
	{
		userInfo(request, response);
	}
	else
	{
		sendError(response, 404, "not_found");
	}
}


void FakeOidcProvider::authorize(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	Poco::Net::HTMLForm query(request);
	std::lock_guard<std::mutex> lock(_mutex);
	_lastAuthorizeQuery = Poco::URI(request.getURI()).getRawQuery();
	const std::string redirectUri = query.get("redirect_uri", "");
	if (query.get("client_id", "") != _clientId || redirectUri.empty())
	{
		send(response, 400, "<p>invalid client or redirect_uri</p>", "text/html");
		return;
	}
	Poco::URI back(redirectUri);
	back.addQueryParameter("state", query.get("state", ""));
	const bool wellFormed = query.get("response_type", "") == "code" && query.get("scope", "").find("openid") != std::string::npos &&
		query.get("code_challenge_method", "") == "S256" && !query.get("code_challenge", "").empty() && !query.get("nonce", "").empty();
	if (!wellFormed)
	{
		back.addQueryParameter("error", "invalid_request");
	}
	else if (_email.empty())
	{
		back.addQueryParameter("error", "access_denied");
	}
	else
	{
		const std::string code = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
		_codes[code] = Grant{_email, _mischief, query.get("nonce"), query.get("code_challenge"), redirectUri};
		back.addQueryParameter("code", code);
	}
	response.redirect(back.toString(), Poco::Net::HTTPResponse::HTTP_FOUND);
}


void FakeOidcProvider::token(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	Poco::Net::HTMLForm form(request, request.stream());
	std::string clientId = form.get("client_id", "");
	std::string clientSecret = form.get("client_secret", "");
	if (request.hasCredentials())
	{
		std::string scheme, encoded;
		request.getCredentials(scheme, encoded);
		std::istringstream in(encoded);
		Poco::Base64Decoder decoder(in);
		std::string decoded(std::istreambuf_iterator<char>(decoder), {});
		std::string user, password;
		Poco::URI::decode(decoded.substr(0, decoded.find(':')), user);
		Poco::URI::decode(decoded.substr(decoded.find(':') + 1), password);
		clientId = user;
		clientSecret = password;
	}
	Grant grant;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		++_tokenRequests;
		if (clientId != _clientId || clientSecret != _clientSecret) return sendError(response, 401, "invalid_client");
		if (form.get("grant_type", "") != "authorization_code") return sendError(response, 400, "unsupported_grant_type");
		auto it = _codes.find(form.get("code", ""));
		if (it == _codes.end()) return sendError(response, 400, "invalid_grant");
		grant = it->second;
		_codes.erase(it); // a code works once
	}
	if (form.get("redirect_uri", "") != grant.redirectUri) return sendError(response, 400, "invalid_grant");
	if (base64Url(sha256(form.get("code_verifier", ""))) != grant.codeChallenge) return sendError(response, 400, "invalid_grant");
	const std::string idToken = mint(grant);
	const std::string accessToken = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_accessTokens[accessToken] = grant;
	}
	Poco::JSON::Object answer;
	answer.set("access_token", accessToken);
	answer.set("token_type", "Bearer");
	answer.set("expires_in", 3600);
	answer.set("scope", "openid email profile");
	answer.set("id_token", idToken);
	send(response, 200, json(answer));
}


void FakeOidcProvider::userInfo(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
	/// Core §5.3: the claims of the user the access token (RFC 6750, Bearer) was issued for.
{
	std::string scheme, accessToken;
	if (request.hasCredentials()) request.getCredentials(scheme, accessToken);
	Grant grant;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		auto it = _accessTokens.find(accessToken);
		if (Poco::icompare(scheme, "Bearer") != 0 || it == _accessTokens.end())
		{
			response.set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			return sendError(response, 401, "invalid_token");
		}
		grant = it->second;
		++_userInfoRequests;
	}
	Poco::JSON::Object claims;
	claims.set("sub", grant.mischief.userInfoOfAnotherUser ? "sub-someone-else@example.com" : "sub-" + grant.email);
	addUserClaims(claims, grant);
	send(response, 200, json(claims));
}


} } // namespace polytomic::test
