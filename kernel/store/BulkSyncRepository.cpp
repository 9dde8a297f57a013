//
// BulkSyncRepository.cpp
//


#include "store/BulkSyncRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string SYNC_COLUMNS = "s.id::text, s.organization_id::text, s.name, s.source_connection_id::text, "
		"s.destination_connection_id::text, s.destination_configuration::text, s.mode, s.schedule::text, s.schemas::text, s.active, " +
		isoTimestamp("s.created_at") + ", " + isoTimestamp("s.updated_at");

	const std::string EXECUTION_COLUMNS = "e.id::text, e.bulk_sync_id::text, e.status, e.trigger, e.error, e.schemas::text, " +
		isoTimestamp("e.created_at") + ", " + isoTimestamp("e.started_at") + ", " + isoTimestamp("e.completed_at");



	std::optional<std::string> optional(const PgResult& r, int row, int column)
	{
		if (r.isNull(row, column)) return std::nullopt;
		return r.value(row, column);
	}


	BulkSyncRecord syncAt(const PgResult& r, int row, int first = 0)
	{
		BulkSyncRecord s;
		s.id = r.value(row, first);
		s.organizationId = r.value(row, first + 1);
		s.name = r.value(row, first + 2);
		s.sourceConnectionId = r.value(row, first + 3);
		s.destinationConnectionId = r.value(row, first + 4);
		s.destinationConfiguration = r.value(row, first + 5);
		s.mode = r.value(row, first + 6);
		s.schedule = r.value(row, first + 7);
		s.schemas = r.value(row, first + 8);
		s.active = r.value(row, first + 9) == "t";
		s.createdAt = r.value(row, first + 10);
		s.updatedAt = r.value(row, first + 11);
		return s;
	}


	BulkExecutionRecord executionAt(const PgResult& r, int row, int first = 0)
	{
		BulkExecutionRecord e;
		e.id = r.value(row, first);
		e.bulkSyncId = r.value(row, first + 1);
		e.status = r.value(row, first + 2);
		e.trigger = r.value(row, first + 3);
		e.error = optional(r, row, first + 4);
		e.schemas = r.value(row, first + 5);
		e.createdAt = r.value(row, first + 6);
		e.startedAt = optional(r, row, first + 7);
		e.completedAt = optional(r, row, first + 8);
		return e;
	}


	template <typename T, typename F>
	std::vector<T> all(const PgResult& r, F at)
	{
		std::vector<T> out;
		for (int i = 0; i < r.rows(); ++i) out.push_back(at(r, i, 0));
		return out;
	}
}


BulkSyncRepository::BulkSyncRepository(Database& database):
	_database(database)
{
}


BulkSyncRecord BulkSyncRepository::create(const BulkSyncRecord& s)
{
	BulkSyncRecord created;
	_database.runRaw([&](PGconn* conn) {
		created = syncAt(execute(conn, "INSERT INTO bulk_syncs AS s (organization_id, name, source_connection_id, destination_connection_id, "
			"destination_configuration, mode, schedule, schemas, active) VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5::jsonb, $6, $7::jsonb, "
			"$8::jsonb, $9::boolean) RETURNING " + SYNC_COLUMNS, {s.organizationId, s.name, s.sourceConnectionId, s.destinationConnectionId,
			s.destinationConfiguration, s.mode, s.schedule, s.schemas, s.active ? "true" : "false"}), 0);
	});
	return created;
}


std::optional<BulkSyncRecord> BulkSyncRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<BulkSyncRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + SYNC_COLUMNS + " FROM bulk_syncs s WHERE s.organization_id = $1::uuid AND s.id = $2::uuid",
			{organizationId, id});
		if (r.rows()) found = syncAt(r, 0);
	});
	return found;
}


std::vector<BulkSyncRecord> BulkSyncRepository::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	std::vector<BulkSyncRecord> out;
	_database.runRaw([&](PGconn* conn) {
		out = all<BulkSyncRecord>(execute(conn, "SELECT " + SYNC_COLUMNS + " FROM bulk_syncs s WHERE s.organization_id = $1::uuid AND "
			"($3::text IS NULL OR (s.created_at, s.id) > (SELECT created_at, id FROM bulk_syncs WHERE id = $3::uuid)) "
			"ORDER BY s.created_at, s.id LIMIT $2", {organizationId, std::to_string(limit),
			isUuid(after) ? std::optional<std::string>(after) : std::nullopt}), syncAt);
	});
	return out;
}


bool BulkSyncRepository::update(const BulkSyncRecord& s)
{
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE bulk_syncs SET name = $3, destination_configuration = $4::jsonb, mode = $5, schedule = $6::jsonb, "
			"schemas = $7::jsonb, active = $8::boolean, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id",
			{s.organizationId, s.id, s.name, s.destinationConfiguration, s.mode, s.schedule, s.schemas, s.active ? "true" : "false"}).rows() > 0;
	});
	return updated;
}


bool BulkSyncRepository::remove(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM bulk_syncs WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id",
			{organizationId, id}).rows() > 0;
	});
	return removed;
}


bool BulkSyncRepository::usesConnection(const std::string& connectionId)
{
	if (!isUuid(connectionId)) return false;
	bool used = false;
	_database.runRaw([&](PGconn* conn) {
		used = execute(conn, "SELECT 1 FROM bulk_syncs WHERE source_connection_id = $1::uuid OR destination_connection_id = $1::uuid LIMIT 1",
			{connectionId}).rows() > 0;
	});
	return used;
}


void BulkSyncRepository::removeUsing(const std::string& connectionId)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "DELETE FROM bulk_syncs WHERE source_connection_id = $1::uuid OR destination_connection_id = $1::uuid", {connectionId});
	});
}


std::optional<BulkExecutionRecord> BulkSyncRepository::enqueue(const std::string& bulkSyncId, const std::string& trigger)
{
	std::optional<BulkExecutionRecord> created;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "INSERT INTO bulk_sync_executions AS e (bulk_sync_id, status, trigger) VALUES ($1::uuid, 'queued', $2) "
			"ON CONFLICT DO NOTHING RETURNING " + EXECUTION_COLUMNS, {bulkSyncId, trigger});
		if (r.rows()) created = executionAt(r, 0);
	});
	return created;
}


std::optional<BulkExecutionRecord> BulkSyncRepository::findExecution(const std::string& bulkSyncId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<BulkExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + EXECUTION_COLUMNS + " FROM bulk_sync_executions e WHERE e.bulk_sync_id = $1::uuid AND e.id = $2::uuid",
			{bulkSyncId, id});
		if (r.rows()) found = executionAt(r, 0);
	});
	return found;
}


std::vector<BulkExecutionRecord> BulkSyncRepository::listExecutions(const std::string& bulkSyncId, std::size_t limit)
{
	std::vector<BulkExecutionRecord> out;
	_database.runRaw([&](PGconn* conn) {
		out = all<BulkExecutionRecord>(execute(conn, "SELECT " + EXECUTION_COLUMNS + " FROM bulk_sync_executions e WHERE e.bulk_sync_id = $1::uuid "
			"ORDER BY e.created_at DESC LIMIT $2", {bulkSyncId, std::to_string(limit)}), executionAt);
	});
	return out;
}


std::optional<BulkExecutionRecord> BulkSyncRepository::active(const std::string& bulkSyncId)
{
	std::optional<BulkExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + EXECUTION_COLUMNS + " FROM bulk_sync_executions e WHERE e.bulk_sync_id = $1::uuid AND "
			"e.status IN ('created', 'queued', 'running', 'canceling')", {bulkSyncId});
		if (r.rows()) found = executionAt(r, 0);
	});
	return found;
}


std::optional<BulkExecutionRecord> BulkSyncRepository::lastFinished(const std::string& bulkSyncId)
{
	std::optional<BulkExecutionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + EXECUTION_COLUMNS + " FROM bulk_sync_executions e WHERE e.bulk_sync_id = $1::uuid AND "
			"e.completed_at IS NOT NULL ORDER BY e.completed_at DESC LIMIT 1", {bulkSyncId});
		if (r.rows()) found = executionAt(r, 0);
	});
	return found;
}


std::optional<BulkSyncRepository::Claim> BulkSyncRepository::claim(const std::string& worker, int leaseSeconds)
{
	std::optional<Claim> claimed;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "WITH next AS (SELECT id FROM bulk_sync_executions WHERE status = 'queued' OR "
			"(status IN ('running', 'canceling') AND lease_until < now()) ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1) "
			"UPDATE bulk_sync_executions e SET status = CASE WHEN e.status = 'canceling' THEN 'canceling' ELSE 'running' END, "
			"started_at = coalesce(e.started_at, now()), worker = $1, lease_until = now() + make_interval(secs => $2::int), "
			"attempts = e.attempts + 1 FROM next, bulk_syncs s WHERE e.id = next.id AND s.id = e.bulk_sync_id RETURNING " +
			EXECUTION_COLUMNS + ", " + SYNC_COLUMNS, {worker, std::to_string(leaseSeconds)});
		if (r.rows()) claimed = Claim{executionAt(r, 0), syncAt(r, 0, 9)};
	});
	return claimed;
}


std::string BulkSyncRepository::renew(const std::string& executionId, const std::string& worker, int leaseSeconds)
{
	std::string status;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "UPDATE bulk_sync_executions SET lease_until = now() + make_interval(secs => $3::int) "
			"WHERE id = $1::uuid AND worker = $2 AND status IN ('running', 'canceling') RETURNING status",
			{executionId, worker, std::to_string(leaseSeconds)});
		if (r.rows()) status = r.value(0, 0);
	});
	return status;
}


void BulkSyncRepository::requeue(const std::string& executionId, const std::string& worker)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE bulk_sync_executions SET status = 'queued', worker = NULL, lease_until = NULL "
			"WHERE id = $1::uuid AND worker = $2 AND status = 'running'", {executionId, worker});
	});
}


void BulkSyncRepository::progress(const std::string& executionId, const std::string& schemas)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE bulk_sync_executions SET schemas = $2::jsonb WHERE id = $1::uuid", {executionId, schemas});
	});
}


void BulkSyncRepository::finish(const std::string& executionId, const std::string& status, const std::optional<std::string>& error,
	const std::string& schemas)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE bulk_sync_executions SET status = $2, error = $3, schemas = $4::jsonb, completed_at = now(), "
			"lease_until = NULL WHERE id = $1::uuid", {executionId, status, error, schemas});
	});
}


bool BulkSyncRepository::requestCancel(const std::string& bulkSyncId)
{
	bool found = false;
	_database.runRaw([&](PGconn* conn) {
		found = execute(conn, "UPDATE bulk_sync_executions SET status = CASE WHEN status = 'queued' THEN 'canceled' ELSE 'canceling' END, "
			"completed_at = CASE WHEN status = 'queued' THEN now() ELSE completed_at END "
			"WHERE bulk_sync_id = $1::uuid AND status IN ('queued', 'running') RETURNING id", {bulkSyncId}).rows() > 0;
	});
	return found;
}


void BulkSyncRepository::setNextRun(const std::string& bulkSyncId, std::optional<long long> epochSeconds)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE bulk_syncs SET next_run_at = to_timestamp($2::double precision) WHERE id = $1::uuid",
			{bulkSyncId, epochSeconds ? std::optional<std::string>(std::to_string(*epochSeconds)) : std::nullopt});
	});
}


int BulkSyncRepository::queueDue(const std::function<std::optional<long long>(const BulkSyncRecord&)>& nextRun)
{
	int due = 0;
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "BEGIN");
		try
		{
			PgResult r = execute(conn, "SELECT " + SYNC_COLUMNS + " FROM bulk_syncs s WHERE s.active AND s.next_run_at <= now() "
				"ORDER BY s.next_run_at FOR UPDATE SKIP LOCKED LIMIT 100");
			for (int i = 0; i < r.rows(); ++i)
			{
				const BulkSyncRecord sync = syncAt(r, i);
				execute(conn, "INSERT INTO bulk_sync_executions (bulk_sync_id, status, trigger) VALUES ($1::uuid, 'queued', 'schedule') "
					"ON CONFLICT DO NOTHING", {sync.id});
				const auto next = nextRun(sync);
				execute(conn, "UPDATE bulk_syncs SET next_run_at = to_timestamp($2::double precision) WHERE id = $1::uuid",
					{sync.id, next ? std::optional<std::string>(std::to_string(*next)) : std::nullopt});
				++due;
			}
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


int BulkSyncRepository::queueContinuous()
{
	int queued = 0;
	_database.runRaw([&](PGconn* conn) {
		queued = execute(conn, "INSERT INTO bulk_sync_executions (bulk_sync_id, status, trigger) SELECT id, 'queued', 'schedule' "
			"FROM bulk_syncs WHERE active AND schedule->>'frequency' = 'continuous' ON CONFLICT DO NOTHING RETURNING id").rows();
	});
	return queued;
}


int BulkSyncRepository::queueDependents(const std::string& finishedBulkSyncId, bool succeeded)
{
	int queued = 0;
	_database.runRaw([&](PGconn* conn) {
		queued = execute(conn, "INSERT INTO bulk_sync_executions (bulk_sync_id, status, trigger) SELECT id, 'queued', 'runafter' "
			"FROM bulk_syncs WHERE active AND schedule->>'frequency' = 'runafter' AND (schedule->'run_after'->'bulk_sync_ids') ? $1 "
			"AND ($2::boolean OR NOT coalesce((schedule->>'run_after_success_only')::boolean, false)) ON CONFLICT DO NOTHING RETURNING id",
			{finishedBulkSyncId, succeeded ? "true" : "false"}).rows();
	});
	return queued;
}


std::optional<std::string> BulkSyncRepository::state(const std::string& bulkSyncId, const std::string& schemaId)
{
	std::optional<std::string> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT state::text FROM bulk_sync_states WHERE bulk_sync_id = $1::uuid AND schema_id = $2",
			{bulkSyncId, schemaId});
		if (r.rows()) found = r.value(0, 0);
	});
	return found;
}


void BulkSyncRepository::saveState(const std::string& bulkSyncId, const std::string& schemaId, const std::string& state)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO bulk_sync_states (bulk_sync_id, schema_id, state) VALUES ($1::uuid, $2, $3::jsonb) "
			"ON CONFLICT (bulk_sync_id, schema_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()", {bulkSyncId, schemaId, state});
	});
}


void BulkSyncRepository::clearStates(const std::string& bulkSyncId)
{
	_database.runRaw([&](PGconn* conn) { execute(conn, "DELETE FROM bulk_sync_states WHERE bulk_sync_id = $1::uuid", {bulkSyncId}); });
}


} } // namespace polytomic::store
