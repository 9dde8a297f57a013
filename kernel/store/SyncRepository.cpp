//
// SyncRepository.cpp
//


#include "store/SyncRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string COLUMNS = "s.id::text, s.organization_id::text, s.name, s.active, s.mode, s.model_id::text, "
		"s.target_connection_id::text, s.definition::text, s.schedule::text, " + isoTimestamp("s.created_at") + ", " + isoTimestamp("s.updated_at");


	SyncRecord syncAt(const PgResult& r, int row)
	{
		SyncRecord s;
		s.id = r.value(row, 0);
		s.organizationId = r.value(row, 1);
		s.name = r.value(row, 2);
		s.active = r.value(row, 3) == "t";
		s.mode = r.value(row, 4);
		s.modelId = r.value(row, 5);
		s.targetConnectionId = r.value(row, 6);
		s.definition = r.value(row, 7);
		s.schedule = r.value(row, 8);
		s.createdAt = r.value(row, 9);
		s.updatedAt = r.value(row, 10);
		return s;
	}
}


SyncRepository::SyncRepository(Database& database):
	_database(database),
	_executions(database, {"sync_executions", "syncs", "sync_id", "detail", "sync_ids"})
{
}


ExecutionQueue& SyncRepository::executions()
{
	return _executions;
}


SyncRecord SyncRepository::create(const SyncRecord& s)
{
	SyncRecord created;
	_database.runRaw([&](PGconn* conn) {
		created = syncAt(execute(conn, "INSERT INTO syncs AS s (organization_id, name, active, mode, model_id, target_connection_id, definition, "
			"schedule) VALUES ($1::uuid, $2, $3::boolean, $4, $5::uuid, $6::uuid, $7::jsonb, $8::jsonb) RETURNING " + COLUMNS,
			{s.organizationId, s.name, s.active ? "true" : "false", s.mode, s.modelId, s.targetConnectionId, s.definition, s.schedule}), 0);
	});
	return created;
}


std::optional<SyncRecord> SyncRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<SyncRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM syncs s WHERE s.organization_id = $1::uuid AND s.id = $2::uuid", {organizationId, id});
		if (r.rows()) found = syncAt(r, 0);
	});
	return found;
}


std::optional<SyncRecord> SyncRepository::findById(const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<SyncRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM syncs s WHERE s.id = $1::uuid", {id});
		if (r.rows()) found = syncAt(r, 0);
	});
	return found;
}


std::vector<SyncRecord> SyncRepository::list(const std::string& organizationId, std::size_t limit, const std::string& after,
	std::optional<bool> active, const std::string& targetConnectionId, const std::string& mode)
{
	std::vector<SyncRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM syncs s WHERE s.organization_id = $1::uuid AND "
			"($3::text IS NULL OR (s.created_at, s.id) > (SELECT created_at, id FROM syncs WHERE id = $3::uuid)) AND "
			"($4::boolean IS NULL OR s.active = $4::boolean) AND ($5::text IS NULL OR s.target_connection_id::text = $5) AND "
			"($6::text IS NULL OR s.mode = $6) "
			"ORDER BY s.created_at, s.id LIMIT $2", {organizationId, std::to_string(limit),
			isUuid(after) ? std::optional<std::string>(after) : std::nullopt,
			active ? std::optional<std::string>(*active ? "true" : "false") : std::nullopt,
			targetConnectionId.empty() ? std::nullopt : std::optional<std::string>(targetConnectionId),
			mode.empty() ? std::nullopt : std::optional<std::string>(mode)});
		for (int i = 0; i < r.rows(); ++i) out.push_back(syncAt(r, i));
	});
	return out;
}


bool SyncRepository::update(const SyncRecord& s)
{
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE syncs SET name = $3, active = $4::boolean, mode = $5, model_id = $6::uuid, target_connection_id = $7::uuid, "
			"definition = $8::jsonb, schedule = $9::jsonb, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id",
			{s.organizationId, s.id, s.name, s.active ? "true" : "false", s.mode, s.modelId, s.targetConnectionId, s.definition, s.schedule})
			.rows() > 0;
	});
	return updated;
}


bool SyncRepository::remove(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM syncs WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id", {organizationId, id}).rows() > 0;
	});
	return removed;
}


bool SyncRepository::setActive(const std::string& organizationId, const std::string& id, bool active)
{
	if (!isUuid(id)) return false;
	bool found = false;
	_database.runRaw([&](PGconn* conn) {
		found = execute(conn, "UPDATE syncs SET active = $3::boolean, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid "
			"RETURNING id", {organizationId, id, active ? "true" : "false"}).rows() > 0;
	});
	return found;
}


bool SyncRepository::usesModel(const std::string& modelId)
{
	bool used = false;
	_database.runRaw([&](PGconn* conn) {
		used = execute(conn, "SELECT 1 FROM syncs WHERE model_id = $1::uuid LIMIT 1", {modelId}).rows() > 0;
	});
	return used;
}


void SyncRepository::clearLedger(const std::string& syncId)
{
	_database.runRaw([&](PGconn* conn) { execute(conn, "DELETE FROM sync_ledger WHERE sync_id = $1::uuid", {syncId}); });
}


SyncLedger SyncRepository::ledger(const std::string& syncId, const std::string& executionId)
{
	return SyncLedger(_database, syncId, executionId);
}


long long SyncRepository::ledgerSize(const std::string& syncId)
{
	long long size = 0;
	_database.runRaw([&](PGconn* conn) {
		size = std::stoll(execute(conn, "SELECT count(*) FROM sync_ledger WHERE sync_id = $1::uuid", {syncId}).value(0, 0));
	});
	return size;
}


std::vector<std::string> SyncRepository::recordLog(const std::string& executionId, const std::string& kind, std::size_t limit, long long after,
	long long* last)
{
	std::vector<std::string> out;
	if (!isUuid(executionId)) return out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT seq, entries FROM sync_record_logs WHERE execution_id = $1::uuid AND "
			"($2 = 'records' OR kind = $2) AND seq > $4::bigint ORDER BY seq LIMIT $3",
			{executionId, kind, std::to_string(limit), std::to_string(after)});
		for (int i = 0; i < r.rows(); ++i)
		{
			out.push_back(r.value(i, 1));
			if (last) *last = std::stoll(r.value(i, 0));
		}
	});
	return out;
}


} } // namespace polytomic::store
