//
// BulkSyncHandlers.h
//
// Definition of the BulkSyncHandlers class.
//


#ifndef Polytomic_Http_BulkSyncHandlers_INCLUDED
#define Polytomic_Http_BulkSyncHandlers_INCLUDED


#include "engine/BulkSyncService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class BulkSyncHandlers
	/// /api/bulk/syncs: CRUD, executions (start, list, get), status and cancel.
{
public:
	explicit BulkSyncHandlers(engine::BulkSyncService& syncs);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	static json::Value syncJson(const store::BulkSyncRecord& sync);
	static json::Value executionJson(const store::ExecutionRecord& execution);

	engine::BulkSyncService& _syncs;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_BulkSyncHandlers_INCLUDED
