//
// IdTokenVerifier.cpp
//


#include "auth/IdTokenVerifier.h"
#include "auth/SecretToken.h"
#include "auth/SignInRefused.h"
#include "Poco/JSON/Parser.h"
#include "Poco/String.h"
#include <algorithm>
#include <openssl/evp.h>


namespace polytomic {
namespace auth {


namespace
{
	const std::string REFUSED = "the identity provider's answer could not be trusted";


	struct Parts
	{
		std::string header;
		std::string payload;
		std::string signature;
		std::string signedText;  /// base64url(header) "." base64url(payload)
	};


	Parts split(const std::string& token)
	{
		const auto first = token.find('.');
		const auto second = first == std::string::npos ? std::string::npos : token.find('.', first + 1);
		if (second == std::string::npos || token.find('.', second + 1) != std::string::npos)
			throw SignInRefused("malformed", REFUSED + " (the ID token is not a signed JWT)");
		try
		{
			return Parts{fromBase64Url(token.substr(0, first)), fromBase64Url(token.substr(first + 1, second - first - 1)),
				fromBase64Url(token.substr(second + 1)), token.substr(0, second)};
		}
		catch (const std::invalid_argument&)
		{
			throw SignInRefused("malformed", REFUSED + " (the ID token is not base64url)");
		}
	}


	Poco::JSON::Object::Ptr object(const std::string& json)
	{
		try
		{
			Poco::JSON::Parser parser;
			return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
		}
		catch (const std::exception&)
		{
			throw SignInRefused("malformed", REFUSED + " (the ID token is not JSON)");
		}
	}


	bool signatureValid(const Parts& parts, EVP_PKEY* key)
	{
		std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
		return context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
			EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(parts.signature.data()), parts.signature.size(),
				reinterpret_cast<const unsigned char*>(parts.signedText.data()), parts.signedText.size()) == 1;
	}


	long long number(const Poco::JSON::Object::Ptr& claims, const std::string& name)
	{
		if (!claims->has(name)) throw SignInRefused("malformed", REFUSED + " (the ID token has no \"" + name + "\")");
		try
		{
			return claims->getValue<Poco::Int64>(name);
		}
		catch (const Poco::Exception&)
		{
			throw SignInRefused("malformed", REFUSED + " (\"" + name + "\" is not a number)");
		}
	}


	bool audienceMatches(const Poco::JSON::Object::Ptr& claims, const std::string& audience)
	{
		if (auto list = claims->getArray("aud"))
		{
			bool found = false;
			for (std::size_t i = 0; i < list->size(); ++i) found = found || list->getElement<std::string>(static_cast<unsigned>(i)) == audience;
			// Several audiences: the token must have been issued to us (Core §3.1.3.7, azp).
			return found && (list->size() == 1 || claims->optValue<std::string>("azp", "") == audience);
		}
		return claims->optValue<std::string>("aud", "") == audience;
	}


	bool emailVerified(const Poco::JSON::Object::Ptr& claims)
	{
		if (!claims->has("email_verified")) return false;
		Poco::Dynamic::Var value = claims->get("email_verified");
		if (value.isBoolean()) return value.extract<bool>();
		return value.isString() && value.extract<std::string>() == "true";
	}
}


std::string IdTokenVerifier::keyId(const std::string& token)
{
	auto header = object(split(token).header);
	if (header->optValue<std::string>("alg", "") != "RS256")
		throw SignInRefused("malformed", REFUSED + " (the ID token is not signed with RS256)");
	return header->optValue<std::string>("kid", "");
}


IdTokenClaims IdTokenVerifier::verify(const std::string& token, const JsonWebKeySet::Key& key, const IdTokenExpectations& expected,
	std::time_t now)
{
	keyId(token);
	const Parts parts = split(token);
	if (!key || !signatureValid(parts, key.get()))
		throw SignInRefused("bad_signature", REFUSED + " (the ID token's signature does not match the provider's keys)");
	auto claims = object(parts.payload);

	const std::string issuer = claims->optValue<std::string>("iss", "");
	if (std::find(expected.issuers.begin(), expected.issuers.end(), issuer) == expected.issuers.end())
		throw SignInRefused("wrong_issuer", REFUSED + " (the ID token comes from another issuer)");
	if (!audienceMatches(claims, expected.audience))
		throw SignInRefused("wrong_audience", REFUSED + " (the ID token was issued to another application)");
	if (number(claims, "exp") <= now - expected.leewaySeconds)
		throw SignInRefused("expired", "the sign-in took too long or the server's clock is wrong (the ID token has expired); try again");
	const long long issuedAt = number(claims, "iat");
	if (issuedAt > now + expected.leewaySeconds)
		throw SignInRefused("issued_in_future", REFUSED + " (the ID token is issued in the future: check the server's clock)");
	if (issuedAt < now - expected.maxAgeSeconds - expected.leewaySeconds)
		throw SignInRefused("too_old", REFUSED + " (the ID token is too old); try again");
	if (!equalInConstantTime(claims->optValue<std::string>("nonce", ""), expected.nonce))
		throw SignInRefused("wrong_nonce", REFUSED + " (the ID token belongs to another sign-in); try again");

	IdTokenClaims out = standardClaims(claims);
	out.issuer = issuer;
	return out;
}


IdTokenClaims IdTokenVerifier::standardClaims(const Poco::JSON::Object::Ptr& claims)
{
	IdTokenClaims out;
	out.subject = claims->optValue<std::string>("sub", "");
	out.email = Poco::toLower(claims->optValue<std::string>("email", ""));
	out.hostedDomain = Poco::toLower(claims->optValue<std::string>("hd", ""));
	out.name = claims->optValue<std::string>("name", "");
	out.emailVerified = emailVerified(claims);
	return out;
}


} } // namespace polytomic::auth
