//
// LicenseStatus.h
//
// Definition of the LicenseStatus class.
//


#ifndef Polytomic_License_LicenseStatus_INCLUDED
#define Polytomic_License_LicenseStatus_INCLUDED


#include "Poco/Timestamp.h"
#include <string>


namespace polytomic {
namespace license {


class LicenseStatus
	/// Where a licence stands in time: valid until its expiry, then for
	/// GRACE_DAYS in a grace period (the server keeps working and warns), then
	/// expired.
{
public:
	enum State
	{
		VALID,
		EXPIRED_IN_GRACE,
		EXPIRED
	};

	static LicenseStatus of(Poco::Timestamp expiresAt, Poco::Timestamp now);
		/// Valid while now <= expiresAt; in grace while now < graceEndsAt().

	State state() const;

	bool valid() const;
		/// state() == VALID

	bool expiredInGrace() const;
		/// state() == EXPIRED_IN_GRACE

	bool expired() const;
		/// state() == EXPIRED: past the grace period.

	int daysLeftInGrace() const;
		/// In grace, the days left before the grace period ends, rounded up
		/// (1 to GRACE_DAYS): 1 on its last day. 0 in the other states.

	Poco::Timestamp expiresAt() const;

	Poco::Timestamp graceEndsAt() const;
		/// expiresAt() + GRACE_DAYS days.

	std::string message() const;
		/// One line for the operator: when the key expires or expired, and
		/// what to do about it.

	static const int GRACE_DAYS;
		/// 14

private:
	LicenseStatus(State state, Poco::Timestamp expiresAt, int daysLeftInGrace);

	State _state;
	Poco::Timestamp _expiresAt;
	int _daysLeftInGrace;
};


//
// inlines
//
inline LicenseStatus::State LicenseStatus::state() const
{
	return _state;
}


inline bool LicenseStatus::valid() const
{
	return _state == VALID;
}


inline bool LicenseStatus::expiredInGrace() const
{
	return _state == EXPIRED_IN_GRACE;
}


inline bool LicenseStatus::expired() const
{
	return _state == EXPIRED;
}


inline int LicenseStatus::daysLeftInGrace() const
{
	return _daysLeftInGrace;
}


inline Poco::Timestamp LicenseStatus::expiresAt() const
{
	return _expiresAt;
}


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseStatus_INCLUDED
