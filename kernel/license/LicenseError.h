//
// LicenseError.h
//
// Definition of the LicenseError exception.
//


#ifndef Polytomic_License_LicenseError_INCLUDED
#define Polytomic_License_LicenseError_INCLUDED


#include <stdexcept>
#include <string>


namespace polytomic {
namespace license {


class LicenseError: public std::runtime_error
	/// Thrown when a deployment key cannot be used. reason() tells the cases
	/// apart; what() is a message for the operator that says what to do.
	/// A key that expired less than LicenseStatus::GRACE_DAYS ago is no error:
	/// LicenseVerifier returns it, and License::statusAt() reports the grace.
{
public:
	enum Reason
	{
		MALFORMED,        /// not a compact JWT, bad base64url, not JSON, a claim missing or of the wrong type
		BAD_SIGNATURE,    /// changed after signing, signed by another key, or not signed with ES256
		WRONG_DEPLOYMENT, /// issued for another DEPLOYMENT
		ISSUED_IN_FUTURE, /// iat later than now plus the allowed clock skew: a clock is wrong
		PAST_GRACE        /// expired, and the grace period is over
	};

	LicenseError(Reason reason, const std::string& message);

	Reason reason() const;

	static std::string reasonName(Reason reason);
		/// "malformed", "bad signature", "wrong deployment", "issued in the future", "past grace".

private:
	Reason _reason;
};


//
// inlines
//
inline LicenseError::Reason LicenseError::reason() const
{
	return _reason;
}


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseError_INCLUDED
