//
// BulkSyncRunner.h
//
// Definition of the BulkSyncRunner class.
//


#ifndef Polytomic_Engine_BulkSyncRunner_INCLUDED
#define Polytomic_Engine_BulkSyncRunner_INCLUDED


#include "engine/ConnectionService.h"
#include "engine/WebhookService.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "store/BulkSyncRepository.h"
#include <atomic>


namespace polytomic {
namespace engine {


class BulkSyncRunner
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
		const plugins::PluginCatalog& catalog, const plugins::Executor& executor, int leaseSeconds = 30, WebhookService* events = nullptr);

	int leaseSeconds() const;
		/// How long a claim lasts without renewal; renewed every third of it.

	enum class Outcome
	{
		FINISHED,   /// completed, failed or canceled: recorded
		RELEASED    /// the worker stops: the execution goes back to the queue
	};

	Outcome run(const store::BulkSyncRepository::Claim& claim, const std::string& worker, const std::atomic<bool>& stopping);

private:
	store::BulkSyncRepository& _syncs;
	store::ConnectionRepository& _connections;
	ConnectionService& _connectionService;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
	int _leaseSeconds;
	WebhookService* _events;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_BulkSyncRunner_INCLUDED
