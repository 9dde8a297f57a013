//
// LicenseError.cpp
//


#include "license/LicenseError.h"


namespace polytomic {
namespace license {


LicenseError::LicenseError(Reason reason, const std::string& message):
	std::runtime_error(message),
	_reason(reason)
{
}


std::string LicenseError::reasonName(Reason reason)
{
	switch (reason)
	{
	case MALFORMED:
		return "malformed";
	case BAD_SIGNATURE:
		return "bad signature";
	case WRONG_DEPLOYMENT:
		return "wrong deployment";
	case ISSUED_IN_FUTURE:
		return "issued in the future";
	case PAST_GRACE:
		return "past grace";
	}
	return "unknown";
}


} } // namespace polytomic::license
