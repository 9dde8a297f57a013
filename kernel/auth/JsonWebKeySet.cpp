//
// JsonWebKeySet.cpp
//


#include "auth/JsonWebKeySet.h"
#include "auth/SecretToken.h"
#include "auth/SignInRefused.h"
#include "Poco/JSON/Parser.h"
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>


namespace polytomic {
namespace auth {


JsonWebKeySet::Key JsonWebKeySet::rsaPublicKey(const std::string& modulus, const std::string& exponent)
{
	std::unique_ptr<BIGNUM, decltype(&BN_free)> n(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()),
		static_cast<int>(modulus.size()), nullptr), BN_free);
	std::unique_ptr<BIGNUM, decltype(&BN_free)> e(BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()),
		static_cast<int>(exponent.size()), nullptr), BN_free);
	std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
	if (!n || !e || !builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
		!OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
		return nullptr;
	std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(builder.get()), OSSL_PARAM_free);
	std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), EVP_PKEY_CTX_free);
	EVP_PKEY* key = nullptr;
	if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
		EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
		return nullptr;
	// Poco does not enforce a size for RS256 keys; we do (RFC 7518 §3.3).
	if (EVP_PKEY_get_bits(key) < 2048)
	{
		EVP_PKEY_free(key);
		return nullptr;
	}
	return Key(key, EVP_PKEY_free);
}


JsonWebKeySet JsonWebKeySet::parse(const std::string& json)
{
	JsonWebKeySet set;
	Poco::JSON::Array::Ptr keys;
	try
	{
		Poco::JSON::Parser parser;
		auto document = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
		keys = document->getArray("keys");
	}
	catch (const std::exception&)
	{
		throw ProviderUnavailable("the provider's JWKS is not a JSON key set");
	}
	if (!keys) throw ProviderUnavailable("the provider's JWKS has no \"keys\"");
	for (std::size_t i = 0; i < keys->size(); ++i)
	{
		auto key = keys->getObject(static_cast<unsigned>(i));
		if (!key || key->optValue<std::string>("kty", "") != "RSA") continue;
		if (key->optValue<std::string>("use", "sig") != "sig" || key->optValue<std::string>("alg", "RS256") != "RS256") continue;
		try
		{
			Key publicKey = rsaPublicKey(fromBase64Url(key->optValue<std::string>("n", "")), fromBase64Url(key->optValue<std::string>("e", "")));
			if (publicKey) set._keys[key->optValue<std::string>("kid", "")] = publicKey;
		}
		catch (const std::invalid_argument&)
		{
			// A key we cannot read is a key nobody can use to sign in.
		}
	}
	return set;
}


JsonWebKeySet::Key JsonWebKeySet::find(const std::string& keyId) const
{
	auto it = _keys.find(keyId);
	return it == _keys.end() ? nullptr : it->second;
}


std::size_t JsonWebKeySet::size() const
{
	return _keys.size();
}


} } // namespace polytomic::auth
