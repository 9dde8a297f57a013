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
		PgResult r = execute(conn, "SELECT status, catalog::text, error, " + isoTimestamp("refreshed_at") + ", " +
			isoTimestamp("refresh_started_at") + " FROM connection_schemas WHERE connection_id = $1::uuid", {connectionId});
		if (!r.rows()) return;
		SchemaRecord s;
		s.connectionId = connectionId;
		s.status = r.value(0, 0);
		if (!r.isNull(0, 1)) s.catalog = r.value(0, 1);
		if (!r.isNull(0, 2)) s.error = r.value(0, 2);
		if (!r.isNull(0, 3)) s.refreshedAt = r.value(0, 3);
		if (!r.isNull(0, 4)) s.refreshStartedAt = r.value(0, 4);
		found = s;
	});
	return found;
}


std::optional<std::string> SchemaRepository::refreshedAt(const std::string& connectionId)
{
	if (!isUuid(connectionId)) return std::nullopt;
	std::optional<std::string> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + isoTimestamp("refreshed_at") + " FROM connection_schemas WHERE connection_id = $1::uuid "
			"AND catalog IS NOT NULL", {connectionId});
		if (r.rows() && !r.isNull(0, 0)) found = r.value(0, 0);
	});
	return found;
}


bool SchemaRepository::startRefresh(const std::string& connectionId)
{
	bool started = false;
	_database.runRaw([&](PGconn* conn) {
		started = execute(conn, "INSERT INTO connection_schemas AS s (connection_id, status, refresh_started_at) VALUES ($1::uuid, 'refreshing', now()) "
			"ON CONFLICT (connection_id) DO UPDATE SET status = 'refreshing', error = NULL, refresh_started_at = now(), updated_at = now() "
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


std::vector<SchemaOverride> SchemaRepository::overrides(const std::string& connectionId)
{
	std::vector<SchemaOverride> out;
	if (!isUuid(connectionId)) return out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT schema_id, primary_key::text, user_fields::text FROM schema_overrides "
			"WHERE connection_id = $1::uuid ORDER BY schema_id", {connectionId});
		for (int i = 0; i < r.rows(); ++i)
		{
			SchemaOverride o;
			o.schemaId = r.value(i, 0);
			if (!r.isNull(i, 1)) o.primaryKey = r.value(i, 1);
			o.userFields = r.value(i, 2);
			out.push_back(o);
		}
	});
	return out;
}


void SchemaRepository::savePrimaryKey(const std::string& connectionId, const std::string& schemaId, const std::optional<std::string>& primaryKey)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO schema_overrides (connection_id, schema_id, primary_key) VALUES ($1::uuid, $2, $3::jsonb) "
			"ON CONFLICT (connection_id, schema_id) DO UPDATE SET primary_key = EXCLUDED.primary_key, updated_at = now()",
			{connectionId, schemaId, primaryKey});
	});
}


void SchemaRepository::upsertUserFields(const std::string& connectionId, const std::string& schemaId, const std::string& fields)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO schema_overrides AS o (connection_id, schema_id, user_fields) VALUES ($1::uuid, $2, $3::jsonb) "
			"ON CONFLICT (connection_id, schema_id) DO UPDATE SET user_fields = COALESCE((SELECT jsonb_agg(f) FROM "
			"jsonb_array_elements(o.user_fields) f WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(EXCLUDED.user_fields) n "
			"WHERE n->>'field_id' = f->>'field_id')), '[]'::jsonb) || EXCLUDED.user_fields, updated_at = now()",
			{connectionId, schemaId, fields});
	});
}


bool SchemaRepository::removeUserField(const std::string& connectionId, const std::string& schemaId, const std::string& fieldId)
{
	if (!isUuid(connectionId)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "UPDATE schema_overrides AS o SET user_fields = COALESCE((SELECT jsonb_agg(f) FROM "
			"jsonb_array_elements(o.user_fields) f WHERE f->>'field_id' <> $3), '[]'::jsonb), updated_at = now() "
			"WHERE connection_id = $1::uuid AND schema_id = $2 AND user_fields @> jsonb_build_array(jsonb_build_object('field_id', $3::text)) "
			"RETURNING 1", {connectionId, schemaId, fieldId}).rows() > 0;
	});
	return removed;
}


} } // namespace polytomic::store
