//
// ConnectionRepository.cpp
//


#include "store/ConnectionRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string COLUMNS = "id::text, organization_id::text, name, type, configuration::text, secrets, status, status_error, " +
		isoTimestamp("created_at") + ", " + isoTimestamp("updated_at");



	ConnectionRecord recordAt(const PgResult& result, int row)
	{
		ConnectionRecord c;
		c.id = result.value(row, 0);
		c.organizationId = result.value(row, 1);
		c.name = result.value(row, 2);
		c.type = result.value(row, 3);
		c.configuration = result.value(row, 4);
		if (!result.isNull(row, 5)) c.secrets = result.value(row, 5);
		c.status = result.value(row, 6);
		if (!result.isNull(row, 7)) c.statusError = result.value(row, 7);
		c.createdAt = result.value(row, 8);
		c.updatedAt = result.value(row, 9);
		return c;
	}


	std::vector<ConnectionRecord> records(const PgResult& result)
	{
		std::vector<ConnectionRecord> out;
		for (int i = 0; i < result.rows(); ++i) out.push_back(recordAt(result, i));
		return out;
	}

}


ConnectionRepository::ConnectionRepository(Database& database):
	_database(database)
{
}


ConnectionRecord ConnectionRepository::create(const ConnectionRecord& c)
{
	ConnectionRecord created;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "INSERT INTO connections (organization_id, name, type, configuration, secrets, status, status_error) "
			"VALUES ($1::uuid, $2, $3, $4::jsonb, $5, $6, $7) RETURNING " + COLUMNS,
			{c.organizationId, c.name, c.type, c.configuration, c.secrets, c.status, c.statusError});
		created = recordAt(r, 0);
	});
	return created;
}


std::optional<ConnectionRecord> ConnectionRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<ConnectionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM connections WHERE organization_id = $1::uuid AND id = $2::uuid",
			{organizationId, id});
		if (r.rows()) found = recordAt(r, 0);
	});
	return found;
}


std::vector<ConnectionRecord> ConnectionRepository::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	std::vector<ConnectionRecord> out;
	// LIMIT NULL is no limit: a limit of 0 lists them all.
	const std::optional<std::string> rows = limit ? std::optional<std::string>(std::to_string(limit)) : std::nullopt;
	_database.runRaw([&](PGconn* conn) {
		if (after.empty() || !isUuid(after))
			out = records(execute(conn, "SELECT " + COLUMNS + " FROM connections WHERE organization_id = $1::uuid "
				"ORDER BY created_at, id LIMIT $2::bigint", {organizationId, rows}));
		else
			out = records(execute(conn, "SELECT " + COLUMNS + " FROM connections WHERE organization_id = $1::uuid AND "
				"(created_at, id) > (SELECT created_at, id FROM connections WHERE id = $3::uuid) ORDER BY created_at, id LIMIT $2::bigint",
				{organizationId, rows, after}));
	});
	return out;
}


bool ConnectionRepository::update(const ConnectionRecord& c)
{
	bool updated = false;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "UPDATE connections SET name = $3, configuration = $4::jsonb, secrets = $5, status = $6, "
			"status_error = $7, updated_at = now() WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id",
			{c.organizationId, c.id, c.name, c.configuration, c.secrets, c.status, c.statusError});
		updated = r.rows() > 0;
	});
	return updated;
}


bool ConnectionRepository::remove(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return false;
	bool removed = false;
	_database.runRaw([&](PGconn* conn) {
		removed = execute(conn, "DELETE FROM connections WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id",
			{organizationId, id}).rows() > 0;
	});
	return removed;
}


std::vector<ConnectionRecord> ConnectionRepository::all()
{
	std::vector<ConnectionRecord> out;
	_database.runRaw([&](PGconn* conn) { out = records(execute(conn, "SELECT " + COLUMNS + " FROM connections ORDER BY id")); });
	return out;
}


void ConnectionRepository::replaceSecrets(const std::string& id, const std::string& secrets)
{
	_database.runRaw([&](PGconn* conn) { execute(conn, "UPDATE connections SET secrets = $2 WHERE id = $1::uuid", {id, secrets}); });
}


} } // namespace polytomic::store
