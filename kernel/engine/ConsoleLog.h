//
// ConsoleLog.h
//
// Definition of the ConsoleLog class.
//


#ifndef Polytomic_Engine_ConsoleLog_INCLUDED
#define Polytomic_Engine_ConsoleLog_INCLUDED


#include "cache/Cache.h"
#include "store/ExecutionLogRepository.h"
#include <deque>
#include <mutex>
#include <string>


namespace polytomic {
namespace engine {


class ConsoleLog
	/// The console log of one execution: every line goes to PostgreSQL, and the
	/// latest ones also to the cache when it is shared (Redis), where the API
	/// reads them first. Never holds a record value or a secret. Each line
	/// names the attempt that wrote it; the lines of earlier attempts stay, and
	/// a worker that lost its claim on the execution writes nothing more.
{
public:
	ConsoleLog(store::ExecutionLogRepository& logs, cache::Cache* cache, store::ExecutionClaim claim, std::string executions);
		/// executions: the table of the execution (the claim is checked against it).

	void info(const std::string& message);
	void warning(const std::string& message);
	void error(const std::string& message);

	static std::string cacheKey(const std::string& executionId);
	static const std::size_t TAIL = 100;

private:
	void append(const std::string& level, const std::string& message);
	void loadTail();

	store::ExecutionLogRepository& _logs;
	cache::Cache* _cache;
	store::ExecutionClaim _claim;
	std::string _executions;
	bool _tailLoaded = false;
	std::mutex _mutex;
	std::deque<std::string> _tail;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ConsoleLog_INCLUDED
