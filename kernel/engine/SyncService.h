//
// SyncService.h
//
// Definition of the SyncService class.
//


#ifndef Polytomic_Engine_SyncService_INCLUDED
#define Polytomic_Engine_SyncService_INCLUDED


#include "engine/BodyFields.h"
#include "engine/WebhookService.h"
#include "license/LicenseGate.h"
#include "plugins/PluginCatalog.h"
#include "store/ConnectionRepository.h"
#include "store/ModelRepository.h"
#include "store/SyncRepository.h"


namespace polytomic {
namespace engine {


class SyncService
	/// Model syncs (reverse ETL): a model's records, filtered and mapped, into
	/// an object of a target connection under a mode; starting, cancelling and
	/// following their executions and per-record logs.
{
public:
	SyncService(store::SyncRepository& syncs, store::ModelRepository& models, store::ConnectionRepository& connections,
		const plugins::PluginCatalog& catalog, WebhookService* events = nullptr, const license::LicenseGate* gate = nullptr);
		/// With a gate, the licence is enforced: creating or activating a sync
		/// beyond its active syncs, a sync on a connector it does not include, or
		/// starting a run past its grace period, throws license::LicenseRefused.

	store::SyncRecord create(const std::string& organizationId, const json::Value& body);
		/// Throws ValidationError naming each malformed field.
	store::SyncRecord get(const std::string& organizationId, const std::string& id);
	struct ListFilter
		/// Which syncs a list holds; an empty member matches every sync.
	{
		std::optional<bool> active;
		std::string targetConnectionId;
		std::string mode;
	};
	std::vector<store::SyncRecord> list(const std::string& organizationId, const ListFilter& filter);
		/// Every sync that matches, oldest first: the SDK's list takes no page
		/// token, so a page would hide the syncs after it. Throws ValidationError
		/// for a mode that is not one.
	store::SyncRecord replace(const std::string& organizationId, const std::string& id, const json::Value& body);
		/// A new identity or target starts the change ledger afresh.
	void remove(const std::string& organizationId, const std::string& id);
	store::SyncRecord activate(const std::string& organizationId, const std::string& id, bool active);

	store::ExecutionRecord start(const std::string& organizationId, const std::string& id, const json::Value& options);
		/// {resync?, test?, identities?}; throws Conflict when one is already queued or running.
	store::ExecutionRecord cancel(const std::string& organizationId, const std::string& id, const std::string& executionId);
	store::ExecutionRecord cancelCurrent(const std::string& organizationId, const std::string& id);
		/// Cancels the sync's queued or running execution; throws Conflict when
		/// it has none.
	store::ExecutionRecord execution(const std::string& organizationId, const std::string& id, const std::string& executionId);
	std::vector<store::ExecutionRecord> executions(const std::string& organizationId, const std::string& id, std::size_t limit,
		const std::string& before);

	struct Status
	{
		std::optional<store::ExecutionRecord> current;
		std::optional<store::ExecutionRecord> last;
		std::optional<std::string> next;
	};
	Status status(const std::string& organizationId, const std::string& id);

	static const std::vector<std::string>& modes();

private:
	store::SyncRecord prepare(const std::string& organizationId, const json::Value& body);
	static void refuseUnsupported(const json::Value& body, FieldErrors& errors);

	store::SyncRepository& _syncs;
	store::ModelRepository& _models;
	store::ConnectionRepository& _connections;
	const plugins::PluginCatalog& _catalog;
	WebhookService* _events;
	const license::LicenseGate* _gate;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_SyncService_INCLUDED
