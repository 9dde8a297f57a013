//
// SchemaRepository.cpp
//


#include "store/SchemaRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


SchemaRepository::SchemaRepository(Database& database):
	_database(database)
{
}


std::optional<SchemaRecord> SchemaRepository::find(const std::string& connectionId)
{
	if (!isUuid(connectionId)) return std::nullopt;
	std::optional<SchemaRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT status, catalog::text, error, " + isoTimestamp("refreshed_at") +
			" FROM connection_schemas WHERE connection_id = $1::uuid", {connectionId});
		if (!r.rows()) return;
		SchemaRecord s;
		s.connectionId = connectionId;
		s.status = r.value(0, 0);
		if (!r.isNull(0, 1)) s.catalog = r.value(0, 1);
		if (!r.isNull(0, 2)) s.error = r.value(0, 2);
		if (!r.isNull(0, 3)) s.refreshedAt = r.value(0, 3);
		found = s;
	});
	return found;
}


bool SchemaRepository::startRefresh(const std::string& connectionId)
{
	bool started = false;
	_database.runRaw([&](PGconn* conn) {
		started = execute(conn, "INSERT INTO connection_schemas AS s (connection_id, status) VALUES ($1::uuid, 'refreshing') "
			"ON CONFLICT (connection_id) DO UPDATE SET status = 'refreshing', error = NULL, updated_at = now() "
			"WHERE s.status <> 'refreshing' OR s.updated_at < now() - interval '5 minutes' RETURNING 1", {connectionId}).rows() > 0;
	});
	return started;
}


void SchemaRepository::saveCatalog(const std::string& connectionId, const std::string& catalog)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO connection_schemas (connection_id, status, catalog, refreshed_at) VALUES ($1::uuid, 'ready', $2::jsonb, now()) "
			"ON CONFLICT (connection_id) DO UPDATE SET status = 'ready', catalog = EXCLUDED.catalog, error = NULL, refreshed_at = now(), "
			"updated_at = now()", {connectionId, catalog});
	});
}


void SchemaRepository::saveFailure(const std::string& connectionId, const std::string& error)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO connection_schemas (connection_id, status, error) VALUES ($1::uuid, 'failed', $2) "
			"ON CONFLICT (connection_id) DO UPDATE SET status = 'failed', error = EXCLUDED.error, updated_at = now()", {connectionId, error});
	});
}


} } // namespace polytomic::store
