//
// LicenseGate.cpp
//


#include "license/LicenseGate.h"
#include "license/LicenseRefused.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSON/Array.h"
#include "Poco/Timespan.h"
#include <algorithm>
#include <cmath>


namespace polytomic {
namespace license {


const int LicenseGate::EVALUATION_MAX_ACTIVE_SYNCS = 5;


namespace
{
	std::string iso(Poco::Timestamp time)
	{
		return Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::ISO8601_FORMAT);
	}


	std::string stateName(const LicenseStatus& status)
	{
		switch (status.state())
		{
		case LicenseStatus::VALID: return "valid";
		case LicenseStatus::EXPIRED_IN_GRACE: return "expired_in_grace";
		case LicenseStatus::EXPIRED:
		default: return "expired";
		}
	}


	std::string days(int n)
	{
		return std::to_string(n) + (n == 1 ? " day" : " days");
	}
}


LicenseGate::LicenseGate(std::optional<License> license):
	_license(std::move(license))
{
}


std::unique_ptr<LicenseGate> LicenseGate::open(const std::string& deployment, const std::string& deploymentKey, bool evaluation,
	const LicenseVerifier& verifier, Poco::Timestamp now)
{
	if (deploymentKey.empty() && evaluation) return std::make_unique<LicenseGate>(std::nullopt);
	return std::make_unique<LicenseGate>(verifier.inspect(deploymentKey, deployment, now));
}


void LicenseGate::setActiveSyncCounter(std::function<int()> counter)
{
	_activeSyncs = std::move(counter);
}


Poco::Timestamp LicenseGate::effectiveExpiry() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_revokedAt && *_revokedAt < _license->expiresAt) return *_revokedAt;
	return _license->expiresAt;
}


LicenseStatus LicenseGate::status(Poco::Timestamp now) const
{
	if (!_license) throw std::logic_error("an evaluation has no licence status");
	return LicenseStatus::of(effectiveExpiry(), now);
}


bool LicenseGate::allowsNewExecutions(Poco::Timestamp now) const
{
	return !_license || !status(now).expired();
}


void LicenseGate::requireNewExecutions(Poco::Timestamp now) const
{
	if (allowsNewExecutions(now)) return;
	throw LicenseRefused("license_expired", "no new executions start: " + logMessage(now),
		{{"expires_at", iso(_license->expiresAt)}, {"grace_ends_at", iso(status(now).graceEndsAt())}});
}


std::optional<int> LicenseGate::maxActiveSyncs() const
{
	if (!_license) return EVALUATION_MAX_ACTIVE_SYNCS;
	return _license->maxSyncs;
}


void LicenseGate::requireActivation() const
{
	const std::optional<int> maximum = maxActiveSyncs();
	if (!maximum) return;
	const int active = _activeSyncs ? _activeSyncs() : 0;
	if (active + 1 <= *maximum) return;
	const std::string limit = "at most " + std::to_string(*maximum) + " active syncs (model and bulk syncs together), and " +
		std::to_string(active) + (active == 1 ? " is" : " are") + " active";
	const std::map<std::string, std::string> metadata{{"max_active_syncs", std::to_string(*maximum)},
		{"active_syncs", std::to_string(active)}};
	if (!_license)
		throw LicenseRefused("license_sync_limit", "evaluation mode allows " + limit + ": deactivate a sync, or set DEPLOYMENT "
			"and DEPLOYMENT_KEY to the licence Polytomic gave you", metadata);
	throw LicenseRefused("license_sync_limit", "the licence allows " + limit + ": deactivate a sync first, or ask Polytomic "
		"for a licence with more syncs", metadata);
}


void LicenseGate::requireConnector(const std::string& connectorId) const
{
	if (!_license || _license->allowsConnector(connectorId)) return;
	std::string allowed;
	for (const auto& id: *_license->connectors) allowed += (allowed.empty() ? "" : ", ") + id;
	throw LicenseRefused("license_connector_not_allowed", "the licence does not include the " + connectorId +
		" connector (it includes: " + (allowed.empty() ? std::string("none") : allowed) + "); ask Polytomic to add it",
		{{"connector", connectorId}});
}


void LicenseGate::revoke(Poco::Timestamp at)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_revokedAt || at < *_revokedAt) _revokedAt = at;
}


std::optional<Poco::Timestamp> LicenseGate::revokedAt() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _revokedAt;
}


std::optional<double> LicenseGate::daysLeft(Poco::Timestamp now) const
{
	if (!_license) return std::nullopt;
	const double micros = static_cast<double>(status(now).graceEndsAt() - now);
	return micros / static_cast<double>(Poco::Timespan::DAYS);
}


bool LicenseGate::needsWarning(Poco::Timestamp now) const
{
	return !_license || revokedAt() || !status(now).valid();
}


std::string LicenseGate::logMessage(Poco::Timestamp now) const
{
	if (!_license)
		return "EVALUATION mode without a deployment key: at most " + std::to_string(EVALUATION_MAX_ACTIVE_SYNCS) +
			" active syncs; set DEPLOYMENT and DEPLOYMENT_KEY to use your licence";
	const LicenseStatus s = status(now);
	const auto revoked = revokedAt();
	if (!revoked)
	{
		if (!s.expired()) return s.message();
		return s.message() + "; until then no new executions start (nothing is deleted; the UI and the API keep working)";
	}
	const std::string when = "the licence service reports the deployment key (DEPLOYMENT_KEY) revoked on " + License::formatDate(*revoked);
	if (s.expiredInGrace())
		return when + "; Polytomic keeps working for " + days(s.daysLeftInGrace()) + " more of grace (until " +
			License::formatTime(s.graceEndsAt()) + "), then no new executions start: contact Polytomic for a valid key";
	return when + " and its " + std::to_string(LicenseStatus::GRACE_DAYS) + "-day grace period ended on " +
		License::formatTime(s.graceEndsAt()) + ": no new executions start until a valid key is set as DEPLOYMENT_KEY "
		"(nothing is deleted; the UI and the API keep working)";
}


Poco::JSON::Object::Ptr LicenseGate::describe(Poco::Timestamp now) const
{
	Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	Poco::JSON::Object::Ptr entitlements = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	const std::optional<int> maximum = maxActiveSyncs();
	entitlements->set("max_active_syncs", maximum ? Poco::Dynamic::Var(*maximum) : Poco::Dynamic::Var());
	if (!_license)
	{
		out->set("mode", "evaluation");
		out->set("status", "evaluation");
		out->set("executions_allowed", true);
		entitlements->set("connectors", Poco::Dynamic::Var());
		out->set("entitlements", entitlements);
		out->set("message", logMessage(now));
		out->set("banner", "Evaluation mode: at most " + std::to_string(EVALUATION_MAX_ACTIVE_SYNCS) +
			" active syncs, not for production data. Set DEPLOYMENT and DEPLOYMENT_KEY to use your licence.");
		return out;
	}
	const LicenseStatus s = status(now);
	const auto revoked = revokedAt();
	out->set("mode", "licensed");
	out->set("status", stateName(s));
	out->set("revoked", revoked.has_value());
	out->set("revoked_at", revoked ? Poco::Dynamic::Var(iso(*revoked)) : Poco::Dynamic::Var());
	out->set("deployment", _license->deploymentId);
	out->set("customer", _license->customer);
	out->set("license_id", _license->id);
	out->set("issued_at", iso(_license->issuedAt));
	out->set("expires_at", iso(_license->expiresAt));
	out->set("grace_ends_at", iso(s.graceEndsAt()));
	out->set("days_left", static_cast<int>(std::floor(*daysLeft(now))));
	out->set("executions_allowed", !s.expired());
	if (_license->connectors)
	{
		Poco::JSON::Array::Ptr connectors = new Poco::JSON::Array;
		for (const auto& id: *_license->connectors) connectors->add(id);
		entitlements->set("connectors", connectors);
	}
	else
	{
		entitlements->set("connectors", Poco::Dynamic::Var());
	}
	out->set("entitlements", entitlements);
	out->set("message", logMessage(now));
	const bool expiringSoon = s.valid() && _license->expiresAt - now < Poco::Timespan(LicenseStatus::GRACE_DAYS, 0, 0, 0, 0).totalMicroseconds();
	if (needsWarning(now)) out->set("banner", logMessage(now));
	else if (expiringSoon) out->set("banner", "The licence expires on " + License::formatDate(_license->expiresAt) + ": ask Polytomic for a new key.");
	else out->set("banner", Poco::Dynamic::Var());
	return out;
}


} } // namespace polytomic::license
