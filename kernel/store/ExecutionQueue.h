//
// ExecutionQueue.h
//
// Definition of the ExecutionQueue class.
//


#ifndef Polytomic_Store_ExecutionQueue_INCLUDED
#define Polytomic_Store_ExecutionQueue_INCLUDED


#include "store/Database.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct ExecutionRecord
{
	std::string id;
	std::string parentId;                 /// the bulk sync or model sync
	std::string status;
	std::string trigger;
	std::optional<std::string> error;
	std::string detail = "{}";            /// JSON: per-schema results (bulk) or counts (model)
	std::string options = "{}";           /// JSON: how it was started (test, resync, identities, ...)
	int attempts = 0;
	std::string createdAt;
	std::optional<std::string> startedAt;
	std::optional<std::string> completedAt;
};


struct ExecutionClaim
	/// Who runs an execution: the worker that claimed it and the attempt it
	/// claimed. Every write of a running execution is fenced with it, so a
	/// worker that lost its lease (another one claimed the execution since)
	/// changes nothing of the new owner's run.
{
	std::string executionId;
	std::string worker;
	int attempt = 0;

	static ExecutionClaim of(const ExecutionRecord& claimed, const std::string& worker);
		/// The claim a worker holds on the execution claim() returned to it.
};


class ExecutionQueue
	/// The executions of one kind of sync, which are also the job queue the
	/// workers claim: a queued execution (or a running one whose lease expired)
	/// is taken with FOR UPDATE SKIP LOCKED and kept by renewing its lease; at
	/// most one execution per sync waits or runs (a unique partial index).
{
public:
	struct Tables
	{
		std::string executions;   /// e.g. bulk_sync_executions
		std::string parents;      /// e.g. bulk_syncs
		std::string parentColumn; /// e.g. bulk_sync_id
		std::string detailColumn; /// e.g. schemas
		std::string runAfterKey;  /// the key of schedule.run_after that lists this kind: bulk_sync_ids | sync_ids
	};

	ExecutionQueue(Database& database, Tables tables);

	std::optional<ExecutionRecord> enqueue(const std::string& parentId, const std::string& trigger, const std::string& options = "{}");
		/// A new queued execution; nothing when one is already waiting or running.

	std::optional<ExecutionRecord> find(const std::string& parentId, const std::string& id);
	std::optional<ExecutionRecord> findById(const std::string& id);
	std::vector<ExecutionRecord> list(const std::string& parentId, std::size_t limit, const std::string& before = "");
		/// Newest first; before: an execution id to continue after.
	std::optional<ExecutionRecord> active(const std::string& parentId);
	std::optional<ExecutionRecord> lastFinished(const std::string& parentId);

	std::optional<ExecutionRecord> claim(const std::string& worker, int leaseSeconds);
		/// The oldest queued execution that may start now, or a running one whose
		/// worker vanished (lease expired): now running, leased to this worker.

	std::string renew(const ExecutionClaim& claim, int leaseSeconds);
		/// Extends the lease; returns the execution's status ("" when the claim was lost).

	bool requeue(const ExecutionClaim& claim);
		/// A worker that stops gives its execution back to the queue at once.

	bool retryLater(const ExecutionClaim& claim, int delaySeconds, const std::string& error);
		/// Back to the queue, to be claimed no sooner than delaySeconds from now.

	bool progress(const ExecutionClaim& claim, const std::string& detail);
		/// Records the detail so far (JSON). A model sync's object detail is
		/// merged key by key into the stored one, so the counts its batches
		/// added as they were accepted (SyncLedger) stay unless replaced.

	bool finish(const ExecutionClaim& claim, const std::string& status, const std::optional<std::string>& error, const std::string& detail);
		/// Ends the execution (completed, failed, canceled); the detail as in progress().
		///
		/// These four change nothing and return false when the claim was lost:
		/// the caller must stop, the execution is another worker's now.

	std::optional<ExecutionRecord> requestCancel(const std::string& parentId);
		/// A queued execution is canceled at once (returned with status canceled), a
		/// running one set to canceling; nothing when none is queued or running.

	void setNextRun(const std::string& parentId, std::optional<long long> epochSeconds);

	int queueDue(const std::function<std::optional<long long>(const std::string& schedule)>& nextRun);
		/// In one transaction: queues a run of every active sync whose next run is
		/// due (unless one is already queued or running) and moves its next run to
		/// nextRun(schedule); returns how many were due.

	int queueContinuous();
		/// Queues a run of every active continuous sync that has none.

	int queueDependents(const std::string& finishedKey, const std::string& finishedId, bool succeeded);
		/// Queues the runafter syncs of this kind that wait for the finished one;
		/// finishedKey names its kind in schedule.run_after (sync_ids | bulk_sync_ids).

	const Tables& tables() const;

private:
	std::string mergedDetail() const;
		/// The new value of the detail column, given the new detail as $4.

	Database& _database;
	Tables _tables;
	std::string _columns;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ExecutionQueue_INCLUDED
