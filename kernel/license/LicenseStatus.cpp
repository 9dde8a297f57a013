//
// LicenseStatus.cpp
//


#include "license/LicenseStatus.h"
#include "license/License.h"
#include "Poco/Timespan.h"


namespace polytomic {
namespace license {


const int LicenseStatus::GRACE_DAYS = 14;


LicenseStatus::LicenseStatus(State state, Poco::Timestamp expiresAt, int daysLeftInGrace):
	_state(state),
	_expiresAt(expiresAt),
	_daysLeftInGrace(daysLeftInGrace)
{
}


LicenseStatus LicenseStatus::of(Poco::Timestamp expiresAt, Poco::Timestamp now)
{
	if (now <= expiresAt) return LicenseStatus(VALID, expiresAt, 0);
	const Poco::Timestamp graceEnd = expiresAt + Poco::Timespan(GRACE_DAYS, 0, 0, 0, 0);
	if (now >= graceEnd) return LicenseStatus(EXPIRED, expiresAt, 0);
	const Poco::Timestamp::TimeDiff left = graceEnd - now;
	const Poco::Timestamp::TimeDiff day = Poco::Timespan::DAYS;
	return LicenseStatus(EXPIRED_IN_GRACE, expiresAt, static_cast<int>((left + day - 1) / day));
}


Poco::Timestamp LicenseStatus::graceEndsAt() const
{
	return _expiresAt + Poco::Timespan(GRACE_DAYS, 0, 0, 0, 0);
}


std::string LicenseStatus::message() const
{
	const std::string expiry = License::formatDate(_expiresAt);
	switch (_state)
	{
	case VALID:
		return "the deployment key (DEPLOYMENT_KEY) is valid until the end of " + expiry + " (UTC)";
	case EXPIRED_IN_GRACE:
		return "the deployment key (DEPLOYMENT_KEY) expired on " + expiry + "; Polytomic keeps working for " +
			std::to_string(_daysLeftInGrace) + (_daysLeftInGrace == 1 ? " more day" : " more days") + " of grace (until " +
			License::formatTime(graceEndsAt()) + "), then stops: ask Polytomic for a new key and set it as DEPLOYMENT_KEY";
	case EXPIRED:
	default:
		return "the deployment key (DEPLOYMENT_KEY) expired on " + expiry + " and its " + std::to_string(GRACE_DAYS) +
			"-day grace period ended on " + License::formatTime(graceEndsAt()) +
			": ask Polytomic for a new key and set it as DEPLOYMENT_KEY";
	}
}


} } // namespace polytomic::license
