//
// LicenseVerifier.h
//
// Definition of the LicenseVerifier class.
//


#ifndef Polytomic_License_LicenseVerifier_INCLUDED
#define Polytomic_License_LicenseVerifier_INCLUDED


#include "license/License.h"
#include "license/LicenseError.h"
#include "license/VendorPublicKey.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/SharedPtr.h"
#include "Poco/Timestamp.h"
#include <string>


namespace polytomic {
namespace license {


class LicenseVerifier
	/// Checks a deployment key (DEPLOYMENT_KEY) against a public key: an ES256
	/// compact JWT whose claims are iss "polytomic-license", sub (the deployment
	/// id), customer, iat, exp, jti and optionally max_syncs and connectors.
	///
	/// Poco::JWT checks only the signature and the algorithm; the claims (iss,
	/// sub, iat, exp) are checked here.
{
public:
	explicit LicenseVerifier(const std::string& publicKeyPem = vendorPublicKey());
		/// Throws std::invalid_argument when publicKeyPem is not the PEM of a
		/// P-256 (prime256v1) public key.

	License verify(const std::string& token, const std::string& expectedDeployment, Poco::Timestamp now = Poco::Timestamp()) const;
		/// The licence of token when it is well formed, signed by this key
		/// with ES256, issued by "polytomic-license" for expectedDeployment, not
		/// issued after now (give or take CLOCK_SKEW_SECONDS) and not past its
		/// grace period. A key that expired less than LicenseStatus::GRACE_DAYS
		/// ago is returned: License::statusAt(now) tells the caller to warn.
		///
		/// Throws LicenseError with reason MALFORMED, BAD_SIGNATURE,
		/// WRONG_DEPLOYMENT, ISSUED_IN_FUTURE or PAST_GRACE (checked in that order;
		/// no claim is read before the signature is checked).

	License inspect(const std::string& token, const std::string& expectedDeployment, Poco::Timestamp now = Poco::Timestamp()) const;
		/// As verify(), but returns the licence however long ago it expired:
		/// what the server starts with, since a key past its grace period stops
		/// new executions but not the UI and the API. Throws LicenseError with
		/// reason MALFORMED, BAD_SIGNATURE, WRONG_DEPLOYMENT or ISSUED_IN_FUTURE.

	static const int CLOCK_SKEW_SECONDS;
		/// 300: how far in the future iat may be.

private:
	Poco::SharedPtr<Poco::Crypto::ECKey> _key;
};


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseVerifier_INCLUDED
