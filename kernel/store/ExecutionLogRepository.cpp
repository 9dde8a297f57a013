//
// ExecutionLogRepository.cpp
//


#include "store/ExecutionLogRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


ExecutionLogRepository::ExecutionLogRepository(Database& database):
	_database(database)
{
}


bool ExecutionLogRepository::append(const ExecutionClaim& claim, const std::string& executions, const std::string& level,
	const std::string& message)
{
	bool held = false;
	_database.runRaw([&](PGconn* conn) {
		// The claim is checked without its status: the lines that tell how the run ended come after its end.
		held = execute(conn, "INSERT INTO execution_logs (execution_id, attempt, level, message) SELECT $1::uuid, $3::int, $4, $5 "
			"WHERE EXISTS (SELECT 1 FROM " + executions + " WHERE id = $1::uuid AND worker = $2 AND attempts = $3::int) RETURNING 1",
			{claim.executionId, claim.worker, std::to_string(claim.attempt), level, message}).rows() > 0;
	});
	return held;
}


std::vector<ExecutionLogEntry> ExecutionLogRepository::latest(const std::string& executionId, std::size_t limit, long long before)
{
	std::vector<ExecutionLogEntry> out;
	if (!isUuid(executionId)) return out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT seq, " + isoTimestamp("at") + ", level, message, coalesce(attempt, 0) FROM execution_logs WHERE execution_id = $1::uuid "
			"AND ($3::bigint = 0 OR seq < $3::bigint) ORDER BY seq DESC LIMIT $2", {executionId, std::to_string(limit), std::to_string(before)});
		for (int i = 0; i < r.rows(); ++i) out.push_back({std::stoll(r.value(i, 0)), r.value(i, 1), r.value(i, 2), r.value(i, 3), std::stoi(r.value(i, 4))});
	});
	return out;
}


int ExecutionLogRepository::purge(int retentionDays)
{
	int deleted = 0;
	_database.runRaw([&](PGconn* conn) {
		const std::string days = std::to_string(retentionDays);
		deleted += execute(conn, "DELETE FROM execution_logs WHERE at < now() - make_interval(days => $1::int) RETURNING 1", {days}).rows();
		deleted += execute(conn, "DELETE FROM sync_record_logs WHERE created_at < now() - make_interval(days => $1::int) RETURNING 1",
			{days}).rows();
	});
	return deleted;
}


} } // namespace polytomic::store
