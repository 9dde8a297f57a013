//
// BulkSyncService.h
//
// Definition of the BulkSyncService class.
//


#ifndef Polytomic_Engine_BulkSyncService_INCLUDED
#define Polytomic_Engine_BulkSyncService_INCLUDED


#include "license/LicenseGate.h"
#include "plugins/PluginCatalog.h"
#include "polytomic/json.hpp"
#include "engine/WebhookService.h"
#include "store/BulkSyncRepository.h"
#include "store/ConnectionRepository.h"


namespace polytomic {
namespace engine {


class BulkSyncService
	/// Bulk syncs (ETL): which objects of a source connection go into which
	/// destination, under snapshot (the tables end equal to the source) or
	/// replicate (incremental on a tracking field, upserted on the primary key);
	/// starting, cancelling and following their executions.
{
public:
	struct Input
	{
		std::string name;
		std::string sourceConnectionId;
		std::string destinationConnectionId;
		json::Value destinationConfiguration;
		std::string mode;
		json::Value schemas;
		json::Value schedule;
		bool active = true;

		static Input fromJson(const json::Value& body);
			/// Throws ValidationError naming each malformed field.
	};

	BulkSyncService(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections, const plugins::PluginCatalog& catalog,
		WebhookService* events = nullptr, const license::LicenseGate* gate = nullptr);
		/// With a gate, the licence is enforced: creating or activating a sync
		/// beyond its active syncs, a sync on a connector it does not include, or
		/// starting a run past its grace period, throws license::LicenseRefused.

	store::BulkSyncRecord create(const std::string& organizationId, const Input& input);
	store::BulkSyncRecord get(const std::string& organizationId, const std::string& id);
	std::vector<store::BulkSyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	store::BulkSyncRecord replace(const std::string& organizationId, const std::string& id, const Input& input);
	void remove(const std::string& organizationId, const std::string& id);

	store::ExecutionRecord start(const std::string& organizationId, const std::string& id);
		/// Queues an execution; throws Conflict when one is already queued or running.

	void cancel(const std::string& organizationId, const std::string& id);
	store::ExecutionRecord execution(const std::string& organizationId, const std::string& id, const std::string& executionId);
	std::vector<store::ExecutionRecord> executions(const std::string& organizationId, const std::string& id, std::size_t limit);

	struct Status
	{
		std::optional<store::ExecutionRecord> current;
		std::optional<store::ExecutionRecord> last;
	};
	Status status(const std::string& organizationId, const std::string& id);

private:
	store::BulkSyncRecord prepare(const std::string& organizationId, const Input& input);

	store::BulkSyncRepository& _syncs;
	store::ConnectionRepository& _connections;
	const plugins::PluginCatalog& _catalog;
	WebhookService* _events;
	const license::LicenseGate* _gate;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_BulkSyncService_INCLUDED
