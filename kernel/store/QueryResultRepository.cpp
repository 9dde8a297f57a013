//
// QueryResultRepository.cpp
//


#include "store/QueryResultRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string COLUMNS = "id::text, organization_id::text, connection_id::text, created_by, status, fields::text, results::text, "
		"row_count, error, " + isoTimestamp("created_at") + ", " + isoTimestamp("expires_at");


	QueryResultRecord recordAt(const PgResult& r, int row)
	{
		QueryResultRecord q;
		q.id = r.value(row, 0);
		q.organizationId = r.value(row, 1);
		q.connectionId = r.value(row, 2);
		q.createdBy = r.value(row, 3);
		q.status = r.value(row, 4);
		if (!r.isNull(row, 5)) q.fields = r.value(row, 5);
		if (!r.isNull(row, 6)) q.results = r.value(row, 6);
		if (!r.isNull(row, 7)) q.count = std::stoll(r.value(row, 7));
		if (!r.isNull(row, 8)) q.error = r.value(row, 8);
		q.createdAt = r.value(row, 9);
		q.expiresAt = r.value(row, 10);
		return q;
	}
}


QueryResultRepository::QueryResultRepository(Database& database):
	_database(database)
{
}


QueryResultRecord QueryResultRepository::create(const std::string& organizationId, const std::string& connectionId,
	const std::string& createdBy, int lifetimeSeconds)
{
	QueryResultRecord created;
	_database.runRaw([&](PGconn* conn) {
		// Expired results go when new ones come: what is kept stays bounded by the rate of queries.
		execute(conn, "DELETE FROM query_results WHERE expires_at < now()");
		created = recordAt(execute(conn, "INSERT INTO query_results (organization_id, connection_id, created_by, status, expires_at) "
			"VALUES ($1::uuid, $2::uuid, $3, 'running', now() + make_interval(secs => $4::int)) RETURNING " + COLUMNS,
			{organizationId, connectionId, createdBy, std::to_string(lifetimeSeconds)}), 0);
	});
	return created;
}


void QueryResultRepository::finish(const std::string& id, const std::string& fields, const std::string& results, long long count)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE query_results SET status = 'done', fields = $2::jsonb, results = $3::jsonb, row_count = $4::int "
			"WHERE id = $1::uuid", {id, fields, results, std::to_string(count)});
	});
}


void QueryResultRepository::fail(const std::string& id, const std::string& error)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE query_results SET status = 'failed', error = $2 WHERE id = $1::uuid", {id, error});
	});
}


std::optional<QueryResultRecord> QueryResultRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<QueryResultRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM query_results WHERE organization_id = $1::uuid AND id = $2::uuid "
			"AND expires_at > now()", {organizationId, id});
		if (r.rows()) found = recordAt(r, 0);
	});
	return found;
}


} } // namespace polytomic::store
