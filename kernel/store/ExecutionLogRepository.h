//
// ExecutionLogRepository.h
//
// Definition of the ExecutionLogRepository class.
//


#ifndef Polytomic_Store_ExecutionLogRepository_INCLUDED
#define Polytomic_Store_ExecutionLogRepository_INCLUDED


#include "store/Database.h"
#include "store/ExecutionQueue.h"
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct ExecutionLogEntry
{
	long long seq = 0;
	std::string at;
	std::string level;
	std::string message;
	int attempt = 0;        /// which attempt of the execution wrote it (0: not known)
};


class ExecutionLogRepository
	/// The console log of every execution (model sync or bulk sync): what the
	/// worker did, step by step, for the run history of the UI and the API.
{
public:
	explicit ExecutionLogRepository(Database& database);

	bool append(const ExecutionClaim& claim, const std::string& executions, const std::string& level, const std::string& message);
		/// A line of the attempt that holds the claim on the execution (of the
		/// table executions); nothing, and false, once another worker holds it.

	std::vector<ExecutionLogEntry> latest(const std::string& executionId, std::size_t limit, long long before = 0);
		/// The newest entries first; before: a seq to continue after (0: from the newest).

	int purge(int retentionDays);
		/// Deletes console logs and per-record logs older than the retention; returns rows deleted.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ExecutionLogRepository_INCLUDED
