//
// LicenseGate.h
//
// Definition of the LicenseGate class.
//


#ifndef Polytomic_License_LicenseGate_INCLUDED
#define Polytomic_License_LicenseGate_INCLUDED


#include "license/License.h"
#include "license/LicenseStatus.h"
#include "license/LicenseVerifier.h"
#include "Poco/JSON/Object.h"
#include "Poco/Timestamp.h"
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>


namespace polytomic {
namespace license {


class LicenseGate
	/// What the licence lets this deployment do now, asked by whoever is about
	/// to do it: the scheduler before it queues runs, a worker before it claims
	/// one, the API before it starts an execution, creates or activates a sync,
	/// or creates a connection.
	///
	/// A licensed deployment works normally while its key is valid and during
	/// the grace period after it expired (LicenseStatus::GRACE_DAYS, with a
	/// warning); past the grace period no new execution is queued or started
	/// until a valid key is set. Nothing is deleted and the UI and the API keep
	/// working. A key the licence service reports revoked is treated as if it
	/// had expired when it was revoked.
	///
	/// Without a key, EVALUATION=true runs with the evaluation limits: at most
	/// EVALUATION_MAX_ACTIVE_SYNCS active syncs, every connector.
	///
	/// Thread-safe.
{
public:
	explicit LicenseGate(std::optional<License> license);
		/// A licensed deployment, or (nullopt) an evaluation.

	static std::unique_ptr<LicenseGate> open(const std::string& deployment, const std::string& deploymentKey, bool evaluation,
		const LicenseVerifier& verifier, Poco::Timestamp now = Poco::Timestamp());
		/// The gate of the server's start-up: the licence of deploymentKey, or an
		/// evaluation when the key is empty and evaluation is true. Throws
		/// LicenseError (malformed, bad signature, wrong deployment, issued in the
		/// future): the server must not start. A key past its grace period is
		/// accepted here: the gate then refuses new executions.

	void setActiveSyncCounter(std::function<int()> counter);
		/// How many syncs (model and bulk) are active in the deployment; set once
		/// at start-up, before the gate is shared.

	bool evaluation() const;

	const std::optional<License>& license() const;

	LicenseStatus status(Poco::Timestamp now = Poco::Timestamp()) const;
		/// The status of the licence (expiry brought forward to the revocation,
		/// if any). Only for a licensed deployment.

	bool allowsNewExecutions(Poco::Timestamp now = Poco::Timestamp()) const;
		/// False past the grace period (of the expiry or of a revocation).

	void requireNewExecutions(Poco::Timestamp now = Poco::Timestamp()) const;
		/// Throws LicenseRefused (license_expired) unless allowsNewExecutions().

	void requireActivation() const;
		/// One more active sync: throws LicenseRefused (license_sync_limit)
		/// when the active syncs already reach the licence's (or the
		/// evaluation's) maximum.

	void requireConnector(const std::string& connectorId) const;
		/// Throws LicenseRefused (license_connector_not_allowed) when the
		/// licence lists its connectors and connectorId is not one of them.

	std::optional<int> maxActiveSyncs() const;
		/// The licence's max_syncs, EVALUATION_MAX_ACTIVE_SYNCS in evaluation;
		/// nothing when unlimited.

	void revoke(Poco::Timestamp at);
		/// The licence service says the key was revoked at that time. Idempotent:
		/// the earliest revocation counts.

	std::optional<Poco::Timestamp> revokedAt() const;

	std::optional<double> daysLeft(Poco::Timestamp now = Poco::Timestamp()) const;
		/// Days (fractional, negative once over) until new executions stop: the
		/// end of the grace period. Nothing in evaluation.

	Poco::JSON::Object::Ptr describe(Poco::Timestamp now = Poco::Timestamp()) const;
		/// The licence status the UI shows (GET /api/license): mode, status,
		/// dates, entitlements, whether executions may start, a message, and a
		/// banner (null when there is nothing to warn about).

	std::string logMessage(Poco::Timestamp now = Poco::Timestamp()) const;
		/// One line for the log at start-up and when the status changes.

	bool needsWarning(Poco::Timestamp now = Poco::Timestamp()) const;
		/// Evaluation, in grace, past grace or revoked: the log line is a warning.

	static const int EVALUATION_MAX_ACTIVE_SYNCS;
		/// 5

private:
	LicenseGate(const LicenseGate&) = delete;
	LicenseGate& operator=(const LicenseGate&) = delete;

	Poco::Timestamp effectiveExpiry() const;

	std::optional<License> _license;
	std::function<int()> _activeSyncs;
	mutable std::mutex _mutex;
	std::optional<Poco::Timestamp> _revokedAt;
};


//
// inlines
//
inline bool LicenseGate::evaluation() const
{
	return !_license.has_value();
}


inline const std::optional<License>& LicenseGate::license() const
{
	return _license;
}


} } // namespace polytomic::license


#endif // Polytomic_License_LicenseGate_INCLUDED
