//
// ServerLicense.h
//
// Declarations of the openLicense and startLicensePing functions.
//


#ifndef Polytomic_App_ServerLicense_INCLUDED
#define Polytomic_App_ServerLicense_INCLUDED


#include "config/Settings.h"
#include "license/LicenseGate.h"
#include "license/LicensePing.h"
#include "store/UsageRepository.h"
#include "Poco/Logger.h"
#include <memory>


namespace polytomic {
namespace app {


std::unique_ptr<license::LicenseGate> openLicense(const config::Settings& settings, Poco::Logger& logger);
	/// The licence of DEPLOYMENT_KEY (checked with the compiled-in public key), or
	/// an evaluation; logs its status (a warning when in grace, past it, or in
	/// evaluation). Throws license::LicenseError when the key cannot be used at
	/// all: the server must not start.

std::unique_ptr<license::LicensePing> startLicensePing(const config::Settings& settings, license::LicenseGate& gate,
	store::UsageRepository& usage, store::Database& database);
	/// The licence ping of a licensed deployment, started (TELEMETRY_URL every
	/// TELEMETRY_INTERVAL); nullptr for an evaluation without a key, which sends
	/// nothing. A revocation the service reported before (kept in the database)
	/// applies at once; a new one is kept there.


} } // namespace polytomic::app


#endif // Polytomic_App_ServerLicense_INCLUDED
