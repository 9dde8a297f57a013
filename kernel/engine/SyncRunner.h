//
// SyncRunner.h
//
// Definition of the SyncRunner class.
//


#ifndef Polytomic_Engine_SyncRunner_INCLUDED
#define Polytomic_Engine_SyncRunner_INCLUDED


#include "engine/ConnectionService.h"
#include "engine/ExecutionRunner.h"
#include "engine/WebhookService.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"
#include "store/ModelRepository.h"
#include "store/SyncRepository.h"


namespace polytomic {
namespace engine {


class SyncRunner: public ExecutionRunner
	/// Runs one claimed model-sync execution in one executor `sync` (see
	/// plugins::syncRecords): the model read, filtered, mapped and compared
	/// with the change ledger, only new and changed records written. The
	/// worker keeps the ledger for the executor (plugins::LedgerKeeper).
{
public:
	SyncRunner(store::SyncRepository& syncs, store::ModelRepository& models, store::ConnectionRepository& connections,
		ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor,
		store::ExecutionLogRepository& logs, cache::Cache* cache, int leaseSeconds = 30, RetryPolicy retry = {},
		WebhookService* events = nullptr, bool recordLogs = true);

protected:
	Result perform(Context& context) override;
	void announce(const store::ExecutionRecord& execution, const std::string& event, const std::optional<std::string>& error,
		const json::Value& detail) override;
	json::Value initialDetail(const store::ExecutionRecord& execution) const override;

private:
	store::SyncRepository& _syncs;
	store::ModelRepository& _models;
	store::ConnectionRepository& _connections;
	ConnectionService& _connectionService;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
	WebhookService* _events;
	bool _recordLogs;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_SyncRunner_INCLUDED
