//
// BulkSyncRepository.h
//
// Definition of the BulkSyncRepository class.
//


#ifndef Polytomic_Store_BulkSyncRepository_INCLUDED
#define Polytomic_Store_BulkSyncRepository_INCLUDED


#include "store/Database.h"
#include "store/ExecutionQueue.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct BulkSyncRecord
{
	std::string id;
	std::string organizationId;
	std::string name;
	std::string sourceConnectionId;
	std::string destinationConnectionId;
	std::string destinationConfiguration = "{}"; /// JSON
	std::string mode;                            /// snapshot | replicate
	std::string schedule = "{\"frequency\":\"manual\"}";
	std::string schemas = "[]";                  /// JSON array of {"id": ...}
	bool active = true;
	std::string createdAt;
	std::string updatedAt;
};


struct BulkSyncScheduleRecord
	/// One more schedule of a bulk sync, beside its own.
{
	std::string id;
	std::string bulkSyncId;
	std::string schedule = "{\"frequency\":\"manual\"}"; /// JSON, as BulkSyncRecord::schedule
	std::string createdAt;
	std::string updatedAt;
};


struct BulkExecutionPage
	/// Which executions of a bulk sync to list.
{
	bool ascending = false;     /// oldest first (default newest first)
	bool onlyTerminal = false;  /// only finished ones (completed, failed, canceled, interrupted)
	std::size_t limit = 50;
	std::string after;          /// the id of the last execution of the previous page
};


class BulkSyncRepository
	/// Bulk syncs, their executions (a job queue, see ExecutionQueue) and their
	/// per-object state.
{
public:
	explicit BulkSyncRepository(Database& database);

	BulkSyncRecord create(const BulkSyncRecord& sync);
	std::optional<BulkSyncRecord> find(const std::string& organizationId, const std::string& id);
	std::vector<BulkSyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	bool update(const BulkSyncRecord& sync);
	bool setActive(const std::string& organizationId, const std::string& id, bool active);
	bool setSchemas(const std::string& organizationId, const std::string& id, const std::string& schemas);
		/// Replaces only the schemas (JSON array) of the bulk sync.
	bool remove(const std::string& organizationId, const std::string& id);
	bool usesConnection(const std::string& connectionId);
	void removeUsing(const std::string& connectionId);
		/// Deletes every bulk sync from or to that connection (with their executions).

	ExecutionQueue& executions();
		/// Its executions: the job queue of bulk syncs.

	std::optional<BulkSyncRecord> findById(const std::string& id);

	std::vector<std::string> executionIds(const std::string& bulkSyncId, const BulkExecutionPage& page);
		/// The ids of one page of its executions, in the order asked for.

	bool requestSchemaCancel(const std::string& executionId, const std::string& schemaId);
		/// Adds the schema to options.canceled_schemas of the execution while it is
		/// queued or running (the runner skips it); false when it is neither.

	bool schemaCancelRequested(const std::string& executionId, const std::string& schemaId);
		/// Whether requestSchemaCancel() named the schema for the execution.

	std::vector<BulkSyncScheduleRecord> schedules(const std::string& bulkSyncId);
		/// Its extra schedules, oldest first (a bulk sync has a handful).
	std::optional<BulkSyncScheduleRecord> findSchedule(const std::string& bulkSyncId, const std::string& id);
	BulkSyncScheduleRecord createSchedule(const std::string& bulkSyncId, const std::string& schedule, std::optional<long long> nextRun);
	bool updateSchedule(const std::string& bulkSyncId, const std::string& id, const std::string& schedule, std::optional<long long> nextRun);
	bool removeSchedule(const std::string& bulkSyncId, const std::string& id);
	std::optional<std::string> nextRunTime(const std::string& bulkSyncId);
		/// The earliest next run over its own schedule and its extra ones (ISO 8601 UTC).

	int queueDueSchedules(const std::function<std::optional<long long>(const std::string& schedule)>& nextRun);
		/// In one transaction: queues a run of every active bulk sync one of whose
		/// extra schedules is due (unless one is queued or running) and moves that
		/// schedule's next run to nextRun(schedule); returns how many were due.

	std::optional<std::string> state(const std::string& bulkSyncId, const std::string& schemaId);
	void saveState(const std::string& bulkSyncId, const std::string& schemaId, const std::string& state);
	void clearStates(const std::string& bulkSyncId);

private:
	Database& _database;
	ExecutionQueue _executions;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_BulkSyncRepository_INCLUDED
