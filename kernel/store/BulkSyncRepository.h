//
// BulkSyncRepository.h
//
// Definition of the BulkSyncRepository class.
//


#ifndef Polytomic_Store_BulkSyncRepository_INCLUDED
#define Polytomic_Store_BulkSyncRepository_INCLUDED


#include "store/Database.h"
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


struct BulkExecutionRecord
{
	std::string id;
	std::string bulkSyncId;
	std::string status;
	std::string trigger;
	std::optional<std::string> error;
	std::string schemas = "[]";                  /// JSON: per-schema status and counts
	std::string createdAt;
	std::optional<std::string> startedAt;
	std::optional<std::string> completedAt;
};


class BulkSyncRepository
	/// Bulk syncs, their executions and their per-object state. The executions
	/// table is also the job queue: a worker claims a queued execution (or one
	/// whose lease expired) with FOR UPDATE SKIP LOCKED and keeps it by renewing
	/// its lease.
{
public:
	explicit BulkSyncRepository(Database& database);

	BulkSyncRecord create(const BulkSyncRecord& sync);
	std::optional<BulkSyncRecord> find(const std::string& organizationId, const std::string& id);
	std::vector<BulkSyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	bool update(const BulkSyncRecord& sync);
	bool remove(const std::string& organizationId, const std::string& id);
	bool usesConnection(const std::string& connectionId);
	void removeUsing(const std::string& connectionId);
		/// Deletes every bulk sync from or to that connection (with their executions).

	std::optional<BulkExecutionRecord> enqueue(const std::string& bulkSyncId, const std::string& trigger);
		/// A new queued execution; nothing when one is already waiting or running.

	std::optional<BulkExecutionRecord> findExecution(const std::string& bulkSyncId, const std::string& id);
	std::vector<BulkExecutionRecord> listExecutions(const std::string& bulkSyncId, std::size_t limit);
	std::optional<BulkExecutionRecord> active(const std::string& bulkSyncId);
	std::optional<BulkExecutionRecord> lastFinished(const std::string& bulkSyncId);

	struct Claim
	{
		BulkExecutionRecord execution;
		BulkSyncRecord sync;
	};

	std::optional<Claim> claim(const std::string& worker, int leaseSeconds);
		/// The oldest queued execution, or a running one whose worker vanished
		/// (lease expired): now running, leased to this worker.

	std::string renew(const std::string& executionId, const std::string& worker, int leaseSeconds);
		/// Extends the lease; returns the execution's status ("" when the lease was lost).

	void requeue(const std::string& executionId, const std::string& worker);
		/// A worker that stops gives its execution back to the queue at once.

	void progress(const std::string& executionId, const std::string& schemas);
	void finish(const std::string& executionId, const std::string& status, const std::optional<std::string>& error, const std::string& schemas);

	bool requestCancel(const std::string& bulkSyncId);
		/// A queued execution is canceled at once, a running one set to canceling.

	void setNextRun(const std::string& bulkSyncId, std::optional<long long> epochSeconds);

	int queueDue(const std::function<std::optional<long long>(const BulkSyncRecord&)>& nextRun);
		/// In one transaction: queues a run of every active bulk sync whose next run
		/// is due (unless one is already queued or running) and moves its next run
		/// to nextRun(sync); returns how many were due.

	int queueContinuous();
		/// Queues a run of every active continuous bulk sync that has none.

	int queueDependents(const std::string& finishedBulkSyncId, bool succeeded);
		/// Queues the runafter bulk syncs waiting for this one.

	std::optional<std::string> state(const std::string& bulkSyncId, const std::string& schemaId);
	void saveState(const std::string& bulkSyncId, const std::string& schemaId, const std::string& state);
	void clearStates(const std::string& bulkSyncId);

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_BulkSyncRepository_INCLUDED
