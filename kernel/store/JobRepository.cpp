//
// JobRepository.cpp
//


#include "store/JobRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	// A job that stayed unfinished too long is failed as it is read, not by a
	// sweeper: the replica that ran it may be gone, and any other one answers.
	const std::string COLUMNS = "id::text, organization_id::text, type, coalesce(owner, ''), "
		"CASE WHEN status IN ('created', 'running') AND updated_at < now() - make_interval(secs => " +
		std::to_string(JobRepository::STALE_SECONDS) + ") THEN 'failed' ELSE status END, result, "
		"CASE WHEN status IN ('created', 'running') AND updated_at < now() - make_interval(secs => " +
		std::to_string(JobRepository::STALE_SECONDS) + ") THEN 'the server that ran the job stopped before it ended; submit it again' "
		"ELSE error END, " + isoTimestamp("created_at") + ", " + isoTimestamp("expires_at");


	JobRecord jobAt(const PgResult& r, int row)
	{
		JobRecord j;
		j.id = r.value(row, 0);
		j.organizationId = r.value(row, 1);
		j.type = r.value(row, 2);
		j.owner = r.value(row, 3);
		j.status = r.value(row, 4);
		if (!r.isNull(row, 5)) j.result = r.value(row, 5);
		if (!r.isNull(row, 6)) j.error = r.value(row, 6);
		j.createdAt = r.value(row, 7);
		j.expiresAt = r.value(row, 8);
		return j;
	}
}


JobRepository::JobRepository(Database& database):
	_database(database)
{
}


JobRecord JobRepository::create(const std::string& organizationId, const std::string& type, const std::string& owner, int ttlSeconds)
{
	JobRecord created;
	_database.runRaw([&](PGconn* conn) {
		// Expired jobs go when new ones come: what is kept stays bounded by the rate of jobs.
		execute(conn, "DELETE FROM jobs WHERE expires_at < now()");
		created = jobAt(execute(conn, "INSERT INTO jobs (organization_id, type, owner, status, expires_at) VALUES ($1::uuid, $2, $3, 'created', "
			"now() + make_interval(secs => $4::int)) RETURNING " + COLUMNS, {organizationId, type, owner, std::to_string(ttlSeconds)}), 0);
	});
	return created;
}


void JobRepository::start(const std::string& id)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE jobs SET status = 'running', updated_at = now() WHERE id = $1::uuid AND status = 'created'", {id});
	});
}


void JobRepository::finish(const std::string& id, const std::string& result)
{
	if (result.size() > MAX_RESULT_BYTES)
	{
		fail(id, "the result is larger than " + std::to_string(MAX_RESULT_BYTES >> 20) + " MiB; ask for fewer records");
		return;
	}
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE jobs SET status = 'done', result = $2, updated_at = now() WHERE id = $1::uuid", {id, result});
	});
}


void JobRepository::fail(const std::string& id, const std::string& error)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE jobs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1::uuid", {id, error});
	});
}


std::optional<JobRecord> JobRepository::find(const std::string& organizationId, const std::string& type, const std::string& id,
	const std::string& owner)
{
	if (!isUuid(id)) return std::nullopt;
	std::optional<JobRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM jobs WHERE organization_id = $1::uuid AND type = $2 AND id = $3::uuid "
			"AND (owner = $4 OR owner IS NULL) AND expires_at >= now()", {organizationId, type, id, owner});
		if (r.rows()) found = jobAt(r, 0);
	});
	return found;
}


} } // namespace polytomic::store
