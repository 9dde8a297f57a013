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


ConsoleLog::ConsoleLog(store::ExecutionLogRepository& logs, cache::Cache* cache, std::string executionId):
	_logs(logs),
	_cache(cache),
	_executionId(std::move(executionId))
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
	try
	{
		_logs.append(_executionId, level, message);
	}
	catch (const std::exception& e)
	{
		Poco::Logger::get("polytomic.worker").warning("execution " + _executionId + ": console log not recorded: " + e.what());
		return;
	}
	if (!_cache) return;
	std::lock_guard<std::mutex> lock(_mutex);
	json::Value entry = json::Value::object();
	entry.set("timestamp", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT));
	entry.set("level", level);
	entry.set("message", message);
	_tail.push_front(entry.dump());
	if (_tail.size() > TAIL) _tail.pop_back();
	std::string all = "[";
	for (const auto& e: _tail) all += (all.size() > 1 ? "," : "") + e;
	_cache->set(cacheKey(_executionId), all + "]", std::chrono::hours(24 * 7));
}


} } // namespace polytomic::engine
