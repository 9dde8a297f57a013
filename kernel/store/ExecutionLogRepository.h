//
// ExecutionLogRepository.h
//
// Definition of the ExecutionLogRepository class.
//


#ifndef Polytomic_Store_ExecutionLogRepository_INCLUDED
#define Polytomic_Store_ExecutionLogRepository_INCLUDED


#include "store/Database.h"
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
};


class ExecutionLogRepository
	/// The console log of every execution (model sync or bulk sync): what the
	/// worker did, step by step, for the run history of the UI and the API.
{
public:
	explicit ExecutionLogRepository(Database& database);

	void append(const std::string& executionId, const std::string& level, const std::string& message);

	std::vector<ExecutionLogEntry> latest(const std::string& executionId, std::size_t limit, long long before = 0);
		/// The newest entries first; before: a seq to continue after (0: from the newest).

	int purge(int retentionDays);
		/// Deletes console logs and per-record logs older than the retention; returns rows deleted.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ExecutionLogRepository_INCLUDED
