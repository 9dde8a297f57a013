//
// ModelRepository.cpp
//


#include "store/ModelRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string COLUMNS = "m.id::text, m.organization_id::text, m.name, m.connection_id::text, m.configuration::text, m.identifier, "
		"m.tracking_columns::text, m.labels::text, m.fields::text, " + isoTimestamp("m.created_at") + ", " + isoTimestamp("m.updated_at") + ", m.policies::text";


	ModelRecord modelAt(const PgResult& r, int row)
	{
		ModelRecord m;
		m.id = r.value(row, 0);
		m.organizationId = r.value(row, 1);
		m.name = r.value(row, 2);
		m.connectionId = r.value(row, 3);
		m.configuration = r.value(row, 4);
		if (!r.isNull(row, 5)) m.identifier = r.value(row, 5);
		m.trackingColumns = r.value(row, 6);
		m.labels = r.value(row, 7);
		m.fields = r.value(row, 8);
		m.createdAt = r.value(row, 9);
		m.updatedAt = r.value(row, 10);
		m.policies = r.value(row, 11);
		return m;
	}
}


ModelRepository::ModelRepository(Database& database):
	_database(database)
{
}


ModelRecord ModelRepository::create(const ModelRecord& m)
{
	ModelRecord created;
	_database.runRaw([&](PGconn* conn) {
		created = modelAt(execute(conn, "INSERT INTO models AS m (organization_id, name, connection_id, configuration, identifier, "
			"tracking_columns, labels, fields, policies) VALUES ($1::uuid, $2, $3::uuid, $4::jsonb, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb) "
			"RETURNING " + COLUMNS, {m.organizationId, m.name, m.connectionId, m.configuration, m.identifier, m.trackingColumns, m.labels, m.fields,
			m.policies}), 0);
	});
	return created;
}


std::optional<ModelRecord> ModelRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<ModelRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM models m WHERE m.organization_id = $1::uuid AND m.id = $2::uuid", {organizationId, id});
		if (r.rows()) found = modelAt(r, 0);
	});
	return found;
}


std::vector<ModelRecord> ModelRepository::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	std::vector<ModelRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM models m WHERE m.organization_id = $1::uuid AND "
			"($3::text IS NULL OR (m.created_at, m.id) > (SELECT created_at, id FROM models WHERE id = $3::uuid)) "
			"ORDER BY m.created_at, m.id LIMIT $2", {organizationId, std::to_string(limit),
			isUuid(after) ? std::optional<std::string>(after) : std::nullopt});
		for (int i = 0; i < r.rows(); ++i) out.push_back(modelAt(r, i));
	});
	return out;
}


bool ModelRepository::update(const ModelRecord& m)
{
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		updated = execute(conn, "UPDATE models SET name = $3, configuration = $4::jsonb, identifier = $5, tracking_columns = $6::jsonb, "
			"labels = $7::jsonb, fields = $8::jsonb, policies = $9::jsonb, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid "
			"RETURNING id", {m.organizationId, m.id, m.name, m.configuration, m.identifier, m.trackingColumns, m.labels, m.fields, m.policies}).rows() > 0;
	});
	return updated;
}


bool ModelRepository::remove(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM models WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id", {organizationId, id}).rows() > 0;
	});
	return removed;
}


bool ModelRepository::usesConnection(const std::string& connectionId)
{
	if (!isUuid(connectionId)) return false;
	bool used = false;
	_database.runRaw([&](PGconn* conn) {
		used = execute(conn, "SELECT 1 FROM models WHERE connection_id = $1::uuid UNION ALL "
			"SELECT 1 FROM syncs WHERE target_connection_id = $1::uuid LIMIT 1", {connectionId}).rows() > 0;
	});
	return used;
}


void ModelRepository::removeUsing(const std::string& connectionId)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "DELETE FROM syncs WHERE target_connection_id = $1::uuid OR model_id IN "
			"(SELECT id FROM models WHERE connection_id = $1::uuid)", {connectionId});
		execute(conn, "DELETE FROM models WHERE connection_id = $1::uuid", {connectionId});
	});
}


} } // namespace polytomic::store
