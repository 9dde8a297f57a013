//
// ServerLicense.cpp
//


#include "app/ServerLicense.h"
#include <algorithm>


namespace polytomic {
namespace app {


std::unique_ptr<license::LicenseGate> openLicense(const config::Settings& settings, Poco::Logger& logger)
{
	auto gate = license::LicenseGate::open(settings.deployment, settings.deploymentKey, settings.evaluation, license::LicenseVerifier());
	if (gate->needsWarning()) logger.warning("licence: " + gate->logMessage());
	else logger.information("licence: " + gate->logMessage());
	return gate;
}


std::unique_ptr<license::LicensePing> startLicensePing(const config::Settings& settings, license::LicenseGate& gate,
	store::UsageRepository& usage)
{
	if (gate.evaluation()) return nullptr;
	license::LicensePing::Params params;
	params.url = settings.telemetryUrl;
	params.interval = std::chrono::seconds(settings.telemetryIntervalSeconds);
	params.firstRetry = std::min<std::chrono::milliseconds>(std::chrono::seconds(30), params.interval);
	params.version = POLYTOMIC_VERSION;
	auto ping = std::make_unique<license::LicensePing>(gate, [&usage] { return usage.usage(); }, params);
	ping->start();
	return ping;
}


} } // namespace polytomic::app
