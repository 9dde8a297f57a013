//
// OidcClient.cpp
//


#include "auth/OidcClient.h"
#include "plugins/HttpClient.h"
#include "auth/SignInRefused.h"
#include "Poco/Base64Encoder.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/AcceptCertificateHandler.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/StreamCopier.h"
#include "Poco/URI.h"
#include <memory>
#include <sstream>


namespace polytomic {
namespace auth {


namespace
{
	const auto DISCOVERY_LIFETIME = std::chrono::hours(1);


	struct Answer
	{
		int status = 0;
		std::string body;
	};


	Answer call(const std::string& url, const std::string& formBody = "", const std::string& authorization = "")
		/// GET url, or POST the form body to it.
	{
		if (!OidcClient::usableUrl(url)) throw ProviderUnavailable("the provider's endpoint " + url + " is not https://");
		try
		{
			Poco::URI uri(url);
			std::unique_ptr<Poco::Net::HTTPClientSession> session;
			if (uri.getScheme() == "https") session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), plugins::clientTlsContext());
			else session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
			session->setTimeout(Poco::Timespan(10, 0));
			const bool post = !formBody.empty();
			Poco::Net::HTTPRequest request(post ? Poco::Net::HTTPRequest::HTTP_POST : Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
				Poco::Net::HTTPMessage::HTTP_1_1);
			request.set("Accept", "application/json");
			if (!authorization.empty()) request.set("Authorization", authorization);
			if (post)
			{
				request.setContentType("application/x-www-form-urlencoded");
				request.setContentLength(static_cast<std::streamsize>(formBody.size()));
			}
			std::ostream& out = session->sendRequest(request);
			if (post) out << formBody;
			Poco::Net::HTTPResponse response;
			std::istream& in = session->receiveResponse(response);
			Answer answer;
			answer.status = response.getStatus();
			Poco::StreamCopier::copyToString(in, answer.body);
			return answer;
		}
		catch (const Poco::Exception& e)
		{
			throw ProviderUnavailable("cannot reach the identity provider at " + url + ": " + e.displayText());
		}
	}


	Poco::JSON::Object::Ptr jsonObject(const std::string& text, const std::string& what)
	{
		try
		{
			Poco::JSON::Parser parser;
			return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
		}
		catch (const std::exception&)
		{
			throw ProviderUnavailable("the provider's " + what + " is not a JSON object");
		}
	}


	std::string encoded(const std::string& text)
	{
		std::string out;
		Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", out);
		return out;
	}


	std::string basic(const std::string& user, const std::string& password)
	{
		// RFC 6749 §2.3.1: both form-urlencoded before the base64.
		std::ostringstream out;
		Poco::Base64Encoder encoder(out);
		encoder.rdbuf()->setLineLength(0);
		encoder << encoded(user) << ":" << encoded(password);
		encoder.close();
		return "Basic " + out.str();
	}
}


OidcClient::OidcClient(OidcProvider provider):
	_provider(std::move(provider))
{
}


bool OidcClient::usableUrl(const std::string& url)
{
	try
	{
		Poco::URI uri(url);
		if (uri.getScheme() == "https") return !uri.getHost().empty();
		const std::string host = uri.getHost();
		return uri.getScheme() == "http" && (host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0);
	}
	catch (const Poco::Exception&)
	{
		return false;
	}
}


OidcClient::Discovery OidcClient::discovery()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_discovery && std::chrono::steady_clock::now() - _discoveredAt < DISCOVERY_LIFETIME) return *_discovery;
	const std::string url = _provider.issuer + "/.well-known/openid-configuration";
	Answer answer = call(url);
	if (answer.status != 200) throw ProviderUnavailable("the provider's discovery document " + url + " answered " + std::to_string(answer.status));
	auto document = jsonObject(answer.body, "discovery document");
	Discovery d;
	d.issuer = document->optValue<std::string>("issuer", "");
	d.authorizationEndpoint = document->optValue<std::string>("authorization_endpoint", "");
	d.tokenEndpoint = document->optValue<std::string>("token_endpoint", "");
	d.jwksUri = document->optValue<std::string>("jwks_uri", "");
	d.userinfoEndpoint = document->optValue<std::string>("userinfo_endpoint", "");
	// Discovery §4.3: the document must be the issuer's own.
	if (d.issuer != _provider.issuer) throw ProviderUnavailable("the discovery document at " + url + " names another issuer (" + d.issuer + ")");
	for (const std::string* endpoint: {&d.authorizationEndpoint, &d.tokenEndpoint, &d.jwksUri})
		if (!usableUrl(*endpoint)) throw ProviderUnavailable("the discovery document at " + url + " lacks an https:// endpoint");
	if (!d.userinfoEndpoint.empty() && !usableUrl(d.userinfoEndpoint))
		throw ProviderUnavailable("the discovery document at " + url + " names a UserInfo endpoint that is not https://");
	if (auto methods = document->getArray("token_endpoint_auth_methods_supported"))
	{
		d.basicAuthentication = false;
		for (std::size_t i = 0; i < methods->size(); ++i)
			d.basicAuthentication = d.basicAuthentication || methods->getElement<std::string>(static_cast<unsigned>(i)) == "client_secret_basic";
	}
	_discovery = d;
	_discoveredAt = std::chrono::steady_clock::now();
	return d;
}


std::string OidcClient::authorizationUrl(const std::string& redirectUri, const std::string& state, const std::string& nonce,
	const std::string& codeChallenge, const std::string& hostedDomain)
{
	Poco::URI uri(discovery().authorizationEndpoint);
	uri.addQueryParameter("response_type", "code");
	uri.addQueryParameter("client_id", _provider.clientId);
	uri.addQueryParameter("redirect_uri", redirectUri);
	uri.addQueryParameter("scope", "openid email profile");
	uri.addQueryParameter("state", state);
	uri.addQueryParameter("nonce", nonce);
	uri.addQueryParameter("code_challenge", codeChallenge);
	uri.addQueryParameter("code_challenge_method", "S256");
	if (!hostedDomain.empty()) uri.addQueryParameter("hd", hostedDomain);
	return uri.toString();
}


OidcClient::Tokens OidcClient::exchangeCode(const std::string& code, const std::string& codeVerifier, const std::string& redirectUri)
{
	const Discovery d = discovery();
	std::string form = "grant_type=authorization_code&code=" + encoded(code) + "&redirect_uri=" + encoded(redirectUri) +
		"&code_verifier=" + encoded(codeVerifier);
	std::string authorization;
	if (d.basicAuthentication) authorization = basic(_provider.clientId, _provider.clientSecret);
	else form += "&client_id=" + encoded(_provider.clientId) + "&client_secret=" + encoded(_provider.clientSecret);
	Answer answer = call(d.tokenEndpoint, form, authorization);
	if (answer.status == 400 || answer.status == 401)
	{
		std::string error = "invalid_grant";
		try
		{
			error = jsonObject(answer.body, "token answer")->optValue<std::string>("error", error);
		}
		catch (const ProviderUnavailable&)
		{
		}
		if (error == "invalid_client")
			throw ProviderUnavailable("the identity provider refused our client id or secret (check " +
				std::string(_provider.name == "google" ? "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET" : "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET") + ")");
		throw SignInRefused("code_refused", "the identity provider refused to complete this sign-in (" + error + "); try again");
	}
	if (answer.status != 200) throw ProviderUnavailable("the provider's token endpoint answered " + std::to_string(answer.status));
	const auto tokens = jsonObject(answer.body, "token answer");
	Tokens out{tokens->optValue<std::string>("id_token", ""), tokens->optValue<std::string>("access_token", "")};
	if (out.idToken.empty()) throw ProviderUnavailable("the provider's token endpoint gave no id_token");
	return out;
}


JsonWebKeySet::Key OidcClient::signingKey(const std::string& keyId)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (auto key = _keys.find(keyId)) return key;
	}
	// An unknown key id: the provider may have rotated its keys since we last looked.
	const std::string jwksUri = discovery().jwksUri;
	Answer answer = call(jwksUri);
	if (answer.status != 200) throw ProviderUnavailable("the provider's JWKS " + jwksUri + " answered " + std::to_string(answer.status));
	JsonWebKeySet keys = JsonWebKeySet::parse(answer.body);
	std::lock_guard<std::mutex> lock(_mutex);
	_keys = keys;
	return _keys.find(keyId);
}


IdTokenClaims OidcClient::verify(const std::string& idToken, const std::string& nonce)
{
	IdTokenExpectations expected;
	expected.issuers = _provider.extraIssuers;
	expected.issuers.push_back(_provider.issuer);
	expected.audience = _provider.clientId;
	expected.nonce = nonce;
	return IdTokenVerifier::verify(idToken, signingKey(IdTokenVerifier::keyId(idToken)), expected);
}


IdTokenClaims OidcClient::withUserInfo(IdTokenClaims claims, const std::string& accessToken)
{
	if (!claims.email.empty()) return claims;
	const std::string endpoint = discovery().userinfoEndpoint;
	if (endpoint.empty() || accessToken.empty()) return claims;
	Answer answer = call(endpoint, "", "Bearer " + accessToken);
	if (answer.status != 200) throw ProviderUnavailable("the provider's UserInfo endpoint " + endpoint + " answered " + std::to_string(answer.status));
	const IdTokenClaims info = IdTokenVerifier::standardClaims(jsonObject(answer.body, "UserInfo answer"));
	// Core §5.3.2: a UserInfo answer whose sub is not the ID token's must not be used;
	// it could be about someone else (a token substitution).
	if (info.subject.empty() || info.subject != claims.subject)
		throw SignInRefused("wrong_subject", "the identity provider's answer could not be trusted (its UserInfo endpoint describes another "
			"user than its ID token); try again");
	claims.email = info.email;
	claims.emailVerified = info.emailVerified;
	if (claims.name.empty()) claims.name = info.name;
	if (claims.hostedDomain.empty()) claims.hostedDomain = info.hostedDomain;
	return claims;
}


} } // namespace polytomic::auth
