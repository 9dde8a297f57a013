//
// BulkSyncHandlers.h
//
// Definition of the BulkSyncHandlers class.
//


#ifndef Polytomic_Http_BulkSyncHandlers_INCLUDED
#define Polytomic_Http_BulkSyncHandlers_INCLUDED


#include "cache/Cache.h"
#include "engine/BulkSyncService.h"
#include "store/ExecutionLogRepository.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class BulkSyncHandlers
	/// /api/bulk/syncs: CRUD, executions (start, list, get, console log), status and cancel.
{
public:
	BulkSyncHandlers(engine::BulkSyncService& syncs, store::ExecutionLogRepository& logs, cache::Cache* cache);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	static json::Value syncJson(const store::BulkSyncRecord& sync);
	static json::Value executionJson(const store::ExecutionRecord& execution);

	engine::BulkSyncService& _syncs;
	store::ExecutionLogRepository& _logs;
	cache::Cache* _cache;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_BulkSyncHandlers_INCLUDED
