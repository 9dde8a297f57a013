//
// ConsoleLogJson.h
//
// Definition of the consoleLogJson function.
//


#ifndef Polytomic_Http_ConsoleLogJson_INCLUDED
#define Polytomic_Http_ConsoleLogJson_INCLUDED


#include "cache/Cache.h"
#include "polytomic/json.hpp"
#include "store/ExecutionLogRepository.h"


namespace polytomic {
namespace http {


json::Value consoleLogJson(store::ExecutionLogRepository& logs, cache::Cache* cache, const std::string& executionId, const std::string& cursor);
	/// The console log of an execution, newest first: {"entries": [{id, timestamp, level, message}], "next_cursor"}
	/// (the cache's copy of the latest entries when there is one, else PostgreSQL; cursor: a next_cursor).


} } // namespace polytomic::http


#endif // Polytomic_Http_ConsoleLogJson_INCLUDED
