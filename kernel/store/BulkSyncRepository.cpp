//
// BulkSyncRepository.cpp
//


#include "store/BulkSyncRepository.h"
#include "store/PgResult.h"
#include "store/QueueSignal.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string SYNC_COLUMNS = "s.id::text, s.organization_id::text, s.name, s.source_connection_id::text, "
		"s.destination_connection_id::text, s.destination_configuration::text, s.mode, s.schedule::text, s.schemas::text, s.active, " +
		isoTimestamp("s.created_at") + ", " + isoTimestamp("s.updated_at");

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


	const std::string SCHEDULE_COLUMNS = "c.id::text, c.bulk_sync_id::text, c.schedule::text, " + isoTimestamp("c.created_at") + ", " +
		isoTimestamp("c.updated_at");

	BulkSyncScheduleRecord scheduleAt(const PgResult& r, int row, int = 0)
	{
		return BulkSyncScheduleRecord{r.value(row, 0), r.value(row, 1), r.value(row, 2), r.value(row, 3), r.value(row, 4)};
	}


	std::optional<std::string> epoch(std::optional<long long> seconds)
	{
		return seconds ? std::optional<std::string>(std::to_string(*seconds)) : std::nullopt;
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
	_database(database),
	_executions(database, {"bulk_sync_executions", "bulk_syncs", "bulk_sync_id", "schemas", "bulk_sync_ids"})
{
}


ExecutionQueue& BulkSyncRepository::executions()
{
	return _executions;
}


std::optional<BulkSyncRecord> BulkSyncRepository::findById(const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<BulkSyncRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + SYNC_COLUMNS + " FROM bulk_syncs s WHERE s.id = $1::uuid", {id});
		if (r.rows()) found = syncAt(r, 0);
	});
	return found;
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


bool BulkSyncRepository::setActive(const std::string& organizationId, const std::string& id, bool active)
{
	if (!isUuid(id)) return false;
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE bulk_syncs SET active = $3::boolean, updated_at = now() WHERE organization_id = $1::uuid AND "
			"id = $2::uuid RETURNING id", {organizationId, id, active ? "true" : "false"}).rows() > 0;
	});
	return updated;
}


bool BulkSyncRepository::setSchemas(const std::string& organizationId, const std::string& id, const std::string& schemas)
{
	if (!isUuid(id)) return false;
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE bulk_syncs SET schemas = $3::jsonb, updated_at = now() WHERE organization_id = $1::uuid AND "
			"id = $2::uuid RETURNING id", {organizationId, id, schemas}).rows() > 0;
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


std::vector<std::string> BulkSyncRepository::executionIds(const std::string& bulkSyncId, const BulkExecutionPage& page)
{
	const std::string order = page.ascending ? "ASC" : "DESC";
	const std::string beyond = page.ascending ? ">" : "<";
	std::vector<std::string> ids;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT e.id::text FROM bulk_sync_executions e WHERE e.bulk_sync_id = $1::uuid "
			"AND (NOT $2::boolean OR e.status IN ('completed', 'failed', 'canceled', 'interrupted')) "
			"AND ($4::text IS NULL OR (e.created_at, e.id) " + beyond + " (SELECT created_at, id FROM bulk_sync_executions WHERE id = $4::uuid)) "
			"ORDER BY e.created_at " + order + ", e.id " + order + " LIMIT $3", {bulkSyncId, page.onlyTerminal ? "true" : "false",
			std::to_string(page.limit), isUuid(page.after) ? std::optional<std::string>(page.after) : std::nullopt});
		for (int i = 0; i < r.rows(); ++i) ids.push_back(r.value(i, 0));
	});
	return ids;
}


bool BulkSyncRepository::requestSchemaCancel(const std::string& executionId, const std::string& schemaId)
{
	bool marked = false;
	_database.runRaw([&](PGconn* conn) {
		marked = execute(conn, "UPDATE bulk_sync_executions SET options = jsonb_set(options, '{canceled_schemas}', "
			"coalesce(options->'canceled_schemas', '[]'::jsonb) || to_jsonb($2::text)) WHERE id = $1::uuid AND status IN ('queued', 'running') "
			"RETURNING id", {executionId, schemaId}).rows() > 0;
	});
	return marked;
}


bool BulkSyncRepository::schemaCancelRequested(const std::string& executionId, const std::string& schemaId)
{
	bool requested = false;
	_database.runRaw([&](PGconn* conn) {
		requested = execute(conn, "SELECT 1 FROM bulk_sync_executions WHERE id = $1::uuid AND coalesce(options->'canceled_schemas', '[]'::jsonb) ? $2",
			{executionId, schemaId}).rows() > 0;
	});
	return requested;
}


std::vector<BulkSyncScheduleRecord> BulkSyncRepository::schedules(const std::string& bulkSyncId)
{
	std::vector<BulkSyncScheduleRecord> out;
	_database.runRaw([&](PGconn* conn) {
		out = all<BulkSyncScheduleRecord>(execute(conn, "SELECT " + SCHEDULE_COLUMNS + " FROM bulk_sync_schedules c WHERE c.bulk_sync_id = $1::uuid "
			"ORDER BY c.created_at, c.id", {bulkSyncId}), scheduleAt);
	});
	return out;
}


std::optional<BulkSyncScheduleRecord> BulkSyncRepository::findSchedule(const std::string& bulkSyncId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<BulkSyncScheduleRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + SCHEDULE_COLUMNS + " FROM bulk_sync_schedules c WHERE c.bulk_sync_id = $1::uuid AND c.id = $2::uuid",
			{bulkSyncId, id});
		if (r.rows()) found = scheduleAt(r, 0);
	});
	return found;
}


BulkSyncScheduleRecord BulkSyncRepository::createSchedule(const std::string& bulkSyncId, const std::string& schedule,
	std::optional<long long> nextRun)
{
	BulkSyncScheduleRecord created;
	_database.runRaw([&](PGconn* conn) {
		created = scheduleAt(execute(conn, "INSERT INTO bulk_sync_schedules AS c (bulk_sync_id, schedule, next_run_at) VALUES ($1::uuid, $2::jsonb, "
			"to_timestamp($3::double precision)) RETURNING " + SCHEDULE_COLUMNS, {bulkSyncId, schedule, epoch(nextRun)}), 0);
	});
	return created;
}


bool BulkSyncRepository::updateSchedule(const std::string& bulkSyncId, const std::string& id, const std::string& schedule,
	std::optional<long long> nextRun)
{
	if (!isUuid(id)) return false;
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE bulk_sync_schedules SET schedule = $3::jsonb, next_run_at = to_timestamp($4::double precision), "
			"updated_at = now() WHERE bulk_sync_id = $1::uuid AND id = $2::uuid RETURNING id", {bulkSyncId, id, schedule, epoch(nextRun)}).rows() > 0;
	});
	return updated;
}


bool BulkSyncRepository::removeSchedule(const std::string& bulkSyncId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM bulk_sync_schedules WHERE bulk_sync_id = $1::uuid AND id = $2::uuid RETURNING id",
			{bulkSyncId, id}).rows() > 0;
	});
	return removed;
}


std::optional<std::string> BulkSyncRepository::nextRunTime(const std::string& bulkSyncId)
{
	std::optional<std::string> next;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + isoTimestamp("n.at") + " FROM (SELECT min(at) AS at FROM (SELECT next_run_at AS at FROM bulk_syncs "
			"WHERE id = $1::uuid AND active UNION ALL SELECT c.next_run_at FROM bulk_sync_schedules c JOIN bulk_syncs s ON s.id = c.bulk_sync_id "
			"WHERE c.bulk_sync_id = $1::uuid AND s.active) t) n WHERE n.at IS NOT NULL", {bulkSyncId});
		if (r.rows()) next = r.value(0, 0);
	});
	return next;
}


int BulkSyncRepository::queueDueSchedules(const std::function<std::optional<long long>(const std::string& schedule)>& nextRun)
{
	int due = 0;
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "BEGIN");
		try
		{
			PgResult r = execute(conn, "SELECT c.id::text, c.bulk_sync_id::text, c.schedule::text FROM bulk_sync_schedules c JOIN bulk_syncs s "
				"ON s.id = c.bulk_sync_id WHERE s.active AND c.next_run_at <= now() ORDER BY c.next_run_at FOR UPDATE OF c SKIP LOCKED LIMIT 100");
			for (int i = 0; i < r.rows(); ++i)
			{
				execute(conn, "INSERT INTO bulk_sync_executions (bulk_sync_id, status, trigger) VALUES ($1::uuid, 'queued', 'schedule') "
					"ON CONFLICT DO NOTHING", {r.value(i, 1)});
				execute(conn, "UPDATE bulk_sync_schedules SET next_run_at = to_timestamp($2::double precision) WHERE id = $1::uuid",
					{r.value(i, 0), epoch(nextRun(r.value(i, 2)))});
				++due;
			}
			// Workers waiting in QueueSignal look for work at once (at the commit).
			if (due) execute(conn, "SELECT pg_notify($1, '')", {std::string(QueueSignal::CHANNEL)});
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


} } // namespace polytomic::store
