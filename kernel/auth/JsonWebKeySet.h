//
// JsonWebKeySet.h
//
// Definition of the JsonWebKeySet class.
//


#ifndef Polytomic_Auth_JsonWebKeySet_INCLUDED
#define Polytomic_Auth_JsonWebKeySet_INCLUDED


#include <map>
#include <memory>
#include <string>


typedef struct evp_pkey_st EVP_PKEY;


namespace polytomic {
namespace auth {


class JsonWebKeySet
	/// The RSA signing keys of an identity provider (RFC 7517), by key id.
	/// Keys of other types or uses are skipped.
{
public:
	using Key = std::shared_ptr<EVP_PKEY>;

	JsonWebKeySet() = default;

	static JsonWebKeySet parse(const std::string& json);
		/// Throws ProviderUnavailable when json is not a key set.

	Key find(const std::string& keyId) const;
		/// The key, or null.

	std::size_t size() const;

	static Key rsaPublicKey(const std::string& modulus, const std::string& exponent);
		/// A public key from the big-endian bytes of n and e.

private:
	std::map<std::string, Key> _keys;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_JsonWebKeySet_INCLUDED
