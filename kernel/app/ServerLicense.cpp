//
// ServerLicense.cpp
//


#include "app/ServerLicense.h"
#include "store/LicenseRevocationRepository.h"
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
	store::UsageRepository& usage, store::Database& database)
{
	if (gate.evaluation()) return nullptr;
	auto revocations = std::make_shared<store::LicenseRevocationRepository>(database);
	const std::string licenseId = gate.license()->id;
	if (const auto revokedAt = revocations->revokedAt(licenseId))
	{
		gate.revoke(Poco::Timestamp(*revokedAt));
		Poco::Logger::get("polytomic").warning("licence: " + gate.logMessage());
	}
	license::LicensePing::Params params;
	params.url = settings.telemetryUrl;
	params.interval = std::chrono::seconds(settings.telemetryIntervalSeconds);
	params.firstRetry = std::min<std::chrono::milliseconds>(std::chrono::seconds(30), params.interval);
	params.version = POLYTOMIC_VERSION;
	params.onRevoked = [revocations, licenseId](Poco::Timestamp at) { revocations->record(licenseId, at.epochMicroseconds()); };
	auto ping = std::make_unique<license::LicensePing>(gate, [&usage] { return usage.usage(); }, params);
	ping->start();
	return ping;
}


} } // namespace polytomic::app
