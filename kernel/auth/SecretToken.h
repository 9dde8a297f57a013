//
// SecretToken.h
//
// Random tokens and their hashes.
//


#ifndef Polytomic_Auth_SecretToken_INCLUDED
#define Polytomic_Auth_SecretToken_INCLUDED


#include "Poco/DigestEngine.h"
#include <string>


namespace polytomic {
namespace auth {


std::string randomToken(std::size_t bytes = 32);
	/// bytes from the operating system's random source, base64url without padding.

std::string sha256Hex(const std::string& text);
	/// The SHA-256 of text in lower-case hex: how keys, session ids and link
	/// tokens are stored. They are 256-bit random values, so a plain hash is
	/// enough (no salt, no slow KDF: there is no dictionary to try).

Poco::DigestEngine::Digest sha256(const std::string& text);
	/// The SHA-256 of text (POCO's SHA2Engine).

std::string codeChallenge(const std::string& verifier);
	/// The PKCE S256 code challenge of verifier: BASE64URL(SHA256(verifier)),
	/// RFC 7636 §4.2.

std::string base64Url(const std::string& bytes);
	/// base64url without padding (RFC 4648 §5).

std::string fromBase64Url(const std::string& text);
	/// The bytes of base64url text (padding optional); throws std::invalid_argument.

bool equalInConstantTime(const std::string& a, const std::string& b);
	/// False for an empty b.


} } // namespace polytomic::auth


#endif // Polytomic_Auth_SecretToken_INCLUDED
