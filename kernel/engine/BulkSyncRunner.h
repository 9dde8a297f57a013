//
// BulkSyncRunner.h
//
// Definition of the BulkSyncRunner class.
//


#ifndef Polytomic_Engine_BulkSyncRunner_INCLUDED
#define Polytomic_Engine_BulkSyncRunner_INCLUDED


#include "engine/ConnectionService.h"
#include "engine/ExecutionRunner.h"
#include "engine/WebhookService.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "store/BulkSyncRepository.h"
#include "store/SchemaRepository.h"
#include <atomic>


namespace polytomic {
namespace engine {


class BulkSyncRunner: public ExecutionRunner
	/// Runs one claimed bulk-sync execution: for each selected object, one
	/// executor `copy` from the source into a table of the destination (named
	/// after the object, in destination_configuration.schema when given).
	/// snapshot: a full read, written in snapshot mode on the primary key, so
	/// the table ends equal to the source. replicate: an incremental read on the
	/// object's first tracking field from the saved state, upserted on the
	/// primary key; the state is saved only after the destination committed.
	/// Per-object status and counts are recorded as it goes.
{
public:
	BulkSyncRunner(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections, ConnectionService& connectionService,
		const plugins::PluginCatalog& catalog, const plugins::Executor& executor, store::ExecutionLogRepository& logs,
		cache::Cache* cache, int leaseSeconds = 30, RetryPolicy retry = {}, WebhookService* events = nullptr,
		store::SchemaRepository* schemaOverrides = nullptr);
		/// With schemaOverrides, the primary keys users set on the source's schemas
		/// (PUT .../schemas/{id}/primary_keys) take the place of the discovered ones.

protected:
	Result perform(Context& context) override;
	void announce(const store::ExecutionRecord& execution, const std::string& event, const std::optional<std::string>& error,
		const json::Value& detail) override;
	json::Value initialDetail(const store::ExecutionRecord& execution) const override;

private:
	store::BulkSyncRepository& _syncs;
	store::ConnectionRepository& _connections;
	ConnectionService& _connectionService;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
	WebhookService* _events;
	store::SchemaRepository* _schemaOverrides;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_BulkSyncRunner_INCLUDED
