//
// LicenseIssuer.h
//
// Definition of the LicenseIssuer class.
//


#ifndef Polytomic_License_LicenseIssuer_INCLUDED
#define Polytomic_License_LicenseIssuer_INCLUDED


#include "license/License.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/SharedPtr.h"
#include <string>


namespace polytomic {
namespace license {


class LicenseIssuer
	/// Signs licences into deployment keys (ES256 compact JWTs) with a private
	/// key: what the vendor tool polytomic-license does, and what the tests do
	/// with a key pair of their own. Never part of the server.
{
public:
	struct KeyPair
	{
		std::string publicKey;  /// PEM (BEGIN PUBLIC KEY): what LicenseVerifier takes
		std::string privateKey; /// PEM (PKCS#8, BEGIN PRIVATE KEY): what LicenseIssuer takes
	};

	explicit LicenseIssuer(const std::string& privateKeyPem);
		/// Throws std::invalid_argument when privateKeyPem is not the PEM of a
		/// P-256 (prime256v1) private key.

	std::string issue(const License& license) const;
		/// The deployment key of license: header {"alg":"ES256","typ":"JWT"},
		/// claims iss, sub, customer, iat, exp (whole seconds), jti (license.id,
		/// or a random UUID when empty), and max_syncs and connectors only when
		/// license has them. Throws std::invalid_argument when deploymentId or
		/// customer is empty, maxSyncs is negative, a connector id is empty, or
		/// it expires before it is issued.

	static KeyPair generateKeyPair();
		/// A new P-256 key pair.

private:
	Poco::SharedPtr<Poco::Crypto::ECKey> _key;
};


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseIssuer_INCLUDED
