//
// ConsoleLog.cpp
//


#include "engine/ConsoleLog.h"
#include "polytomic/json.hpp"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Logger.h"
#include "Poco/Timestamp.h"


namespace polytomic {
namespace engine {


namespace
{
	std::string entryJson(const std::string& at, const std::string& level, const std::string& message, int attempt)
	{
		json::Value entry = json::Value::object();
		entry.set("timestamp", at);
		entry.set("level", level);
		entry.set("message", message);
		if (attempt > 0) entry.set("attempt", static_cast<long long>(attempt));
		return entry.dump();
	}
}


ConsoleLog::ConsoleLog(store::ExecutionLogRepository& logs, cache::Cache* cache, store::ExecutionClaim claim, std::string executions):
	_logs(logs),
	_cache(cache),
	_claim(std::move(claim)),
	_executions(std::move(executions))
{
}


void ConsoleLog::info(const std::string& message)
{
	append("info", message);
}


void ConsoleLog::warning(const std::string& message)
{
	append("warning", message);
}


void ConsoleLog::error(const std::string& message)
{
	append("error", message);
}


std::string ConsoleLog::cacheKey(const std::string& executionId)
{
	return "console:" + executionId;
}


void ConsoleLog::append(const std::string& level, const std::string& message)
{
	std::lock_guard<std::mutex> lock(_mutex);
	try
	{
		if (_cache && !_tailLoaded) loadTail();
		if (!_logs.append(_claim, _executions, level, message)) return; // another worker runs it now
	}
	catch (const std::exception& e)
	{
		Poco::Logger::get("polytomic.worker").warning("execution " + _claim.executionId + ": console log not recorded: " + e.what());
		return;
	}
	if (!_cache) return;
	_tail.push_front(entryJson(Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT), level, message,
		_claim.attempt));
	if (_tail.size() > TAIL) _tail.pop_back();
	std::string all = "[";
	for (const auto& e: _tail) all += (all.size() > 1 ? "," : "") + e;
	_cache->set(cacheKey(_claim.executionId), all + "]", std::chrono::hours(24 * 7));
}


void ConsoleLog::loadTail()
{
	// The cached tail starts from what earlier attempts wrote, so a retry does not hide them.
	for (const auto& line: _logs.latest(_claim.executionId, TAIL))
		_tail.push_back(entryJson(line.at, line.level, line.message, line.attempt));
	_tailLoaded = true;
}


} } // namespace polytomic::engine
