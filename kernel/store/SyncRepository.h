//
// SyncRepository.h
//
// Definition of the SyncRepository class.
//


#ifndef Polytomic_Store_SyncRepository_INCLUDED
#define Polytomic_Store_SyncRepository_INCLUDED


#include "store/Database.h"
#include "store/ExecutionQueue.h"
#include "store/SyncLedger.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct SyncRecord
{
	std::string id;
	std::string organizationId;
	std::string name;
	bool active = true;
	std::string mode;
	std::string modelId;
	std::string targetConnectionId;
	std::string definition = "{}";   /// JSON: target, fields, identity, filters, filter_logic, overrides, sync_all_records
	std::string schedule = "{\"frequency\":\"manual\"}";
	std::string createdAt;
	std::string updatedAt;
};


class SyncRepository
	/// Model syncs, their executions (a job queue, see ExecutionQueue), their
	/// change ledgers and per-record logs.
{
public:
	explicit SyncRepository(Database& database);

	SyncRecord create(const SyncRecord& sync);
	std::optional<SyncRecord> find(const std::string& organizationId, const std::string& id);
	std::optional<SyncRecord> findById(const std::string& id);
	std::vector<SyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after,
		std::optional<bool> active = std::nullopt, const std::string& targetConnectionId = "", const std::string& mode = "");
		/// Oldest first, after the sync `after`; empty filters match every sync.
	bool update(const SyncRecord& sync);
	bool remove(const std::string& organizationId, const std::string& id);
	bool setActive(const std::string& organizationId, const std::string& id, bool active);
	bool usesModel(const std::string& modelId);

	ExecutionQueue& executions();

	void clearLedger(const std::string& syncId);
		/// The next run sends every record again (identity or target changed).

	long long ledgerSize(const std::string& syncId);

	SyncLedger ledger(const std::string& syncId, const std::string& executionId);
		/// The change ledger of the sync, as one execution of it reads and records it.

	std::vector<std::string> recordLog(const std::string& executionId, const std::string& kind, std::size_t limit, long long after,
		long long* last);
		/// Chunks of log entries (JSON arrays), oldest first, after the chunk `after`;
		/// kind: inserts | updates | deletes | errors | warnings, or records for all.

private:
	Database& _database;
	ExecutionQueue _executions;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SyncRepository_INCLUDED
