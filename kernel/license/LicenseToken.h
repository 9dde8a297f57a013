//
// LicenseToken.h
//
// Definition of the LicenseToken class.
//


#ifndef Polytomic_License_LicenseToken_INCLUDED
#define Polytomic_License_LicenseToken_INCLUDED


#include "license/License.h"
#include "Poco/JSON/Object.h"
#include <string>


namespace polytomic {
namespace license {


class LicenseToken
	/// A deployment key taken apart: a compact JWT (header.claims.signature,
	/// each base64url without padding) whose header and claims are JSON objects.
	/// Decoding checks no signature: LicenseVerifier does, and trusts nothing
	/// here before it has.
{
public:
	static LicenseToken parse(const std::string& token);
		/// Decodes token (surrounding whitespace ignored). Throws LicenseError
		/// (MALFORMED) when it is not three base64url parts of which the first
		/// two are JSON objects.

	const std::string& text() const;
		/// The token as parsed, without surrounding whitespace.

	const Poco::JSON::Object::Ptr& header() const;

	const Poco::JSON::Object::Ptr& claims() const;

	const std::string& signature() const;
		/// The decoded bytes of the third part (empty for an unsigned token).

	std::string algorithm() const;
		/// The header's alg, or "" when absent or not a string.

	std::string issuer() const;
		/// The claim iss, or "" when absent or not a string.

	License license() const;
		/// The claims as a License. Throws LicenseError (MALFORMED) when sub,
		/// customer, iat, exp or jti is missing, or a claim has the wrong type.

	static std::string malformed(const std::string& detail);
		/// The operator's message for a malformed key, with detail.

	static const std::string ISSUER;
		/// "polytomic-license": the iss of every deployment key.

private:
	LicenseToken() = default;

	std::string _text;
	Poco::JSON::Object::Ptr _header;
	Poco::JSON::Object::Ptr _claims;
	std::string _signature;
};


//
// inlines
//
inline const std::string& LicenseToken::text() const
{
	return _text;
}


inline const Poco::JSON::Object::Ptr& LicenseToken::header() const
{
	return _header;
}


inline const Poco::JSON::Object::Ptr& LicenseToken::claims() const
{
	return _claims;
}


inline const std::string& LicenseToken::signature() const
{
	return _signature;
}


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseToken_INCLUDED
