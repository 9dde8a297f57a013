//
// RecordLogFiles.cpp
//


#include "store/RecordLogFiles.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	// Every CHUNKS_PER_FILE-th chunk of the log starts a file.
	const std::string STARTS = "SELECT seq FROM (SELECT seq, row_number() OVER (ORDER BY seq) - 1 AS n FROM sync_record_logs "
		"WHERE execution_id = $1::uuid AND ($2 = 'records' OR kind = $2)) chunks WHERE n % " +
		std::to_string(RecordLogFiles::CHUNKS_PER_FILE) + " = 0";
}


RecordLogFiles::RecordLogFiles(Database& database):
	_database(database)
{
}


std::vector<long long> RecordLogFiles::starts(const std::string& executionId, const std::string& kind)
{
	std::vector<long long> out;
	if (!isUuid(executionId)) return out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, STARTS + " ORDER BY seq LIMIT " + std::to_string(MAX_FILES), {executionId, kind});
		for (int i = 0; i < r.rows(); ++i) out.push_back(std::stoll(r.value(i, 0)));
	});
	return out;
}


bool RecordLogFiles::isStart(const std::string& executionId, const std::string& kind, long long seq)
{
	if (!isUuid(executionId)) return false;
	bool found = false;
	_database.runRaw([&](PGconn* conn) {
		found = execute(conn, "SELECT 1 FROM (" + STARTS + ") s WHERE seq = $3::bigint", {executionId, kind, std::to_string(seq)}).rows() > 0;
	});
	return found;
}


} } // namespace polytomic::store
