//
// ConsoleLogJson.cpp
//


#include "http/ConsoleLogJson.h"
#include "engine/ConsoleLog.h"
#include "http/HttpError.h"


namespace polytomic {
namespace http {


json::Value consoleLogJson(store::ExecutionLogRepository& logs, cache::Cache* cache, const std::string& executionId,
	const std::string& cursor)
{
	json::Value out = json::Value::object();
	if (cursor.empty() && cache)
		if (auto cached = cache->get(engine::ConsoleLog::cacheKey(executionId)))
		{
			out.set("entries", json::Value::parse(*cached));
			out.set("next_cursor", json::Value());
			return out;
		}
	long long before = 0;
	for (char c: cursor)
	{
		if (c < '0' || c > '9') throw HttpError(400, "bad_request", "cursor must be a next_cursor of an earlier answer");
		before = before * 10 + (c - '0');
	}
	const std::size_t page = 100;
	json::Value entries = json::Value::array();
	const auto found = logs.latest(executionId, page, before);
	for (const auto& entry: found)
	{
		json::Value item = json::Value::object();
		item.set("id", std::to_string(entry.seq));
		item.set("timestamp", entry.at);
		item.set("level", entry.level);
		item.set("message", entry.message);
		if (entry.attempt > 0) item.set("attempt", static_cast<long long>(entry.attempt));
		entries.push(item);
	}
	out.set("entries", entries);
	out.set("next_cursor", found.size() == page ? json::Value(std::to_string(found.back().seq)) : json::Value());
	return out;
}


} } // namespace polytomic::http
