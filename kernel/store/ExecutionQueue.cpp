//
// ExecutionQueue.cpp
//


#include "store/ExecutionQueue.h"
#include "store/PgResult.h"
#include "store/QueueSignal.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	ExecutionRecord executionAt(const PgResult& r, int row)
		/// The eleven columns of ExecutionQueue's _columns, in their order.
	{
		const auto optional = [&](int column) -> std::optional<std::string> {
			if (r.isNull(row, column)) return std::nullopt;
			return r.value(row, column);
		};
		ExecutionRecord e;
		e.id = r.value(row, 0);
		e.parentId = r.value(row, 1);
		e.status = r.value(row, 2);
		e.trigger = r.value(row, 3);
		e.error = optional(4);
		e.detail = r.value(row, 5);
		e.options = r.value(row, 6);
		e.attempts = std::stoi(r.value(row, 7));
		e.createdAt = r.value(row, 8);
		e.startedAt = optional(9);
		e.completedAt = optional(10);
		return e;
	}


	std::optional<ExecutionRecord> first(const PgResult& r)
	{
		if (!r.rows()) return std::nullopt;
		return executionAt(r, 0);
	}


	void wakeWorkers(PGconn* conn)
		/// Workers waiting in QueueSignal look for work at once (in a transaction: at its commit).
	{
		execute(conn, "SELECT pg_notify($1, '')", {std::string(QueueSignal::CHANNEL)});
	}


	const std::string CLAIMED = "id = $1::uuid AND worker = $2 AND attempts = $3::int AND status IN ('running', 'canceling')";
		/// The fence of every write of a running execution: $1 its id, $2 the worker, $3 the attempt it claimed.


	std::optional<std::string> epoch(std::optional<long long> seconds)
	{
		return seconds ? std::optional<std::string>(std::to_string(*seconds)) : std::nullopt;
	}
}


ExecutionClaim ExecutionClaim::of(const ExecutionRecord& claimed, const std::string& worker)
{
	return ExecutionClaim{claimed.id, worker, claimed.attempts};
}


ExecutionQueue::ExecutionQueue(Database& database, Tables tables):
	_database(database),
	_tables(std::move(tables)),
	_columns("e.id::text, e." + _tables.parentColumn + "::text, e.status, e.trigger, e.error, e." + _tables.detailColumn +
		"::text, e.options::text, e.attempts, " + isoTimestamp("e.created_at") + ", " + isoTimestamp("e.started_at") + ", " +
		isoTimestamp("e.completed_at"))
{
}


const ExecutionQueue::Tables& ExecutionQueue::tables() const
{
	return _tables;
}


std::optional<ExecutionRecord> ExecutionQueue::enqueue(const std::string& parentId, const std::string& trigger, const std::string& options)
{
	std::optional<ExecutionRecord> created;
	_database.runRaw([&](PGconn* conn) {
		created = first(execute(conn, "INSERT INTO " + _tables.executions + " AS e (" + _tables.parentColumn + ", status, trigger, options) "
			"VALUES ($1::uuid, 'queued', $2, $3::jsonb) ON CONFLICT DO NOTHING RETURNING " + _columns, {parentId, trigger, options}));
		if (created) wakeWorkers(conn);
	});
	return created;
}


std::optional<ExecutionRecord> ExecutionQueue::find(const std::string& parentId, const std::string& id)
{
	if (!isUuid(id) || !isUuid(parentId)) return std::nullopt;
	std::optional<ExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		found = first(execute(conn, "SELECT " + _columns + " FROM " + _tables.executions + " e WHERE e." + _tables.parentColumn +
			" = $1::uuid AND e.id = $2::uuid", {parentId, id}));
	});
	return found;
}


std::optional<ExecutionRecord> ExecutionQueue::findById(const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<ExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		found = first(execute(conn, "SELECT " + _columns + " FROM " + _tables.executions + " e WHERE e.id = $1::uuid", {id}));
	});
	return found;
}


std::vector<ExecutionRecord> ExecutionQueue::list(const std::string& parentId, std::size_t limit, const std::string& before)
{
	std::vector<ExecutionRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + _columns + " FROM " + _tables.executions + " e WHERE e." + _tables.parentColumn +
			" = $1::uuid AND ($3::text IS NULL OR (e.created_at, e.id) < (SELECT created_at, id FROM " + _tables.executions +
			" WHERE id = $3::uuid)) ORDER BY e.created_at DESC, e.id DESC LIMIT $2",
			{parentId, std::to_string(limit), isUuid(before) ? std::optional<std::string>(before) : std::nullopt});
		for (int i = 0; i < r.rows(); ++i) out.push_back(executionAt(r, i));
	});
	return out;
}


std::optional<ExecutionRecord> ExecutionQueue::active(const std::string& parentId)
{
	std::optional<ExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		found = first(execute(conn, "SELECT " + _columns + " FROM " + _tables.executions + " e WHERE e." + _tables.parentColumn +
			" = $1::uuid AND e.status IN ('created', 'queued', 'running', 'canceling')", {parentId}));
	});
	return found;
}


std::optional<ExecutionRecord> ExecutionQueue::lastFinished(const std::string& parentId)
{
	std::optional<ExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		found = first(execute(conn, "SELECT " + _columns + " FROM " + _tables.executions + " e WHERE e." + _tables.parentColumn +
			" = $1::uuid AND e.completed_at IS NOT NULL ORDER BY e.completed_at DESC LIMIT 1", {parentId}));
	});
	return found;
}


std::optional<ExecutionRecord> ExecutionQueue::claim(const std::string& worker, int leaseSeconds)
{
	std::optional<ExecutionRecord> claimed;
	_database.runRaw([&](PGconn* conn) {
		claimed = first(execute(conn, "WITH next AS (SELECT id FROM " + _tables.executions + " WHERE (status = 'queued' AND "
			"(not_before IS NULL OR not_before <= now())) OR (status IN ('running', 'canceling') AND lease_until < now()) "
			"ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1) "
			"UPDATE " + _tables.executions + " e SET status = CASE WHEN e.status = 'canceling' THEN 'canceling' ELSE 'running' END, "
			"started_at = coalesce(e.started_at, now()), worker = $1, lease_until = now() + make_interval(secs => $2::int), "
			"not_before = NULL, attempts = e.attempts + 1 FROM next WHERE e.id = next.id RETURNING " + _columns,
			{worker, std::to_string(leaseSeconds)}));
	});
	return claimed;
}


std::string ExecutionQueue::renew(const ExecutionClaim& claim, int leaseSeconds)
{
	std::string status;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "UPDATE " + _tables.executions + " SET lease_until = now() + make_interval(secs => $4::int) "
			"WHERE " + CLAIMED + " RETURNING status", {claim.executionId, claim.worker, std::to_string(claim.attempt), std::to_string(leaseSeconds)});
		if (r.rows()) status = r.value(0, 0);
	});
	return status;
}


bool ExecutionQueue::requeue(const ExecutionClaim& claim)
{
	bool held = false;
	_database.runRaw([&](PGconn* conn) {
		held = execute(conn, "UPDATE " + _tables.executions + " SET status = 'queued', worker = NULL, lease_until = NULL "
			"WHERE " + CLAIMED + " AND status = 'running' RETURNING 1", {claim.executionId, claim.worker, std::to_string(claim.attempt)}).rows() > 0;
		wakeWorkers(conn);
	});
	return held;
}


bool ExecutionQueue::retryLater(const ExecutionClaim& claim, int delaySeconds, const std::string& error)
{
	bool held = false;
	_database.runRaw([&](PGconn* conn) {
		held = execute(conn, "UPDATE " + _tables.executions + " SET status = 'queued', worker = NULL, lease_until = NULL, error = $5, "
			"not_before = now() + make_interval(secs => $4::int) WHERE " + CLAIMED + " AND status = 'running' RETURNING 1",
			{claim.executionId, claim.worker, std::to_string(claim.attempt), std::to_string(delaySeconds), error}).rows() > 0;
	});
	return held;
}


bool ExecutionQueue::progress(const ExecutionClaim& claim, const std::string& detail)
{
	bool held = false;
	_database.runRaw([&](PGconn* conn) {
		held = execute(conn, "UPDATE " + _tables.executions + " SET " + _tables.detailColumn + " = " + mergedDetail() + " WHERE " + CLAIMED +
			" RETURNING 1", {claim.executionId, claim.worker, std::to_string(claim.attempt), detail}).rows() > 0;
	});
	return held;
}


bool ExecutionQueue::finish(const ExecutionClaim& claim, const std::string& status, const std::optional<std::string>& error,
	const std::string& detail)
{
	bool held = false;
	_database.runRaw([&](PGconn* conn) {
		held = execute(conn, "UPDATE " + _tables.executions + " SET status = $5, error = $6, " + _tables.detailColumn + " = " + mergedDetail() +
			", completed_at = now(), lease_until = NULL WHERE " + CLAIMED + " RETURNING 1",
			{claim.executionId, claim.worker, std::to_string(claim.attempt), detail, status, error}).rows() > 0;
	});
	return held;
}


std::string ExecutionQueue::mergedDetail() const
{
	const std::string column = _tables.detailColumn;
	return "CASE WHEN jsonb_typeof($4::jsonb) = 'object' AND jsonb_typeof(" + column + ") = 'object' THEN " + column + " || $4::jsonb "
		"ELSE $4::jsonb END";
}


std::optional<ExecutionRecord> ExecutionQueue::requestCancel(const std::string& parentId)
{
	std::optional<ExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		found = first(execute(conn, "UPDATE " + _tables.executions + " e SET status = CASE WHEN status = 'queued' THEN 'canceled' "
			"ELSE 'canceling' END, completed_at = CASE WHEN status = 'queued' THEN now() ELSE completed_at END "
			"WHERE " + _tables.parentColumn + " = $1::uuid AND status IN ('queued', 'running') RETURNING " + _columns, {parentId}));
	});
	return found;
}


void ExecutionQueue::setNextRun(const std::string& parentId, std::optional<long long> epochSeconds)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE " + _tables.parents + " SET next_run_at = to_timestamp($2::double precision) WHERE id = $1::uuid",
			{parentId, epoch(epochSeconds)});
	});
}


int ExecutionQueue::queueDue(const std::function<std::optional<long long>(const std::string& schedule)>& nextRun)
{
	int due = 0;
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "BEGIN");
		try
		{
			PgResult r = execute(conn, "SELECT id::text, schedule::text FROM " + _tables.parents + " WHERE active AND next_run_at <= now() "
				"ORDER BY next_run_at FOR UPDATE SKIP LOCKED LIMIT 100");
			for (int i = 0; i < r.rows(); ++i)
			{
				const std::string id = r.value(i, 0);
				execute(conn, "INSERT INTO " + _tables.executions + " (" + _tables.parentColumn + ", status, trigger) "
					"VALUES ($1::uuid, 'queued', 'schedule') ON CONFLICT DO NOTHING", {id});
				execute(conn, "UPDATE " + _tables.parents + " SET next_run_at = to_timestamp($2::double precision) WHERE id = $1::uuid",
					{id, epoch(nextRun(r.value(i, 1)))});
				++due;
			}
			if (due) wakeWorkers(conn);
			execute(conn, "COMMIT");
		}
		catch (...)
		{
			if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, "ROLLBACK"));
			throw;
		}
	});
	return due;
}


int ExecutionQueue::queueContinuous()
{
	int queued = 0;
	_database.runRaw([&](PGconn* conn) {
		queued = execute(conn, "INSERT INTO " + _tables.executions + " (" + _tables.parentColumn + ", status, trigger) "
			"SELECT id, 'queued', 'schedule' FROM " + _tables.parents + " WHERE active AND schedule->>'frequency' = 'continuous' "
			"ON CONFLICT DO NOTHING RETURNING id").rows();
		if (queued) wakeWorkers(conn);
	});
	return queued;
}


int ExecutionQueue::queueDependents(const std::string& finishedKey, const std::string& finishedId, bool succeeded)
{
	int queued = 0;
	_database.runRaw([&](PGconn* conn) {
		queued = execute(conn, "INSERT INTO " + _tables.executions + " (" + _tables.parentColumn + ", status, trigger) "
			"SELECT id, 'queued', 'runafter' FROM " + _tables.parents + " WHERE active AND schedule->>'frequency' = 'runafter' "
			"AND coalesce(schedule->'run_after'->$3, '[]'::jsonb) ? $1 "
			"AND ($2::boolean OR NOT coalesce((schedule->>'run_after_success_only')::boolean, false)) ON CONFLICT DO NOTHING RETURNING id",
			{finishedId, succeeded ? "true" : "false", finishedKey}).rows();
		if (queued) wakeWorkers(conn);
	});
	return queued;
}


} } // namespace polytomic::store
