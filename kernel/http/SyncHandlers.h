//
// SyncHandlers.h
//
// Definition of the SyncHandlers class.
//


#ifndef Polytomic_Http_SyncHandlers_INCLUDED
#define Polytomic_Http_SyncHandlers_INCLUDED


#include "engine/SyncService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class SyncHandlers
	/// /api/syncs: model syncs in the SDK's shapes (CRUD, activate, schedule
	/// options, cancel of the current run), starting a run and the status; the
	/// executions themselves and their logs are SyncExecutionHandlers'.
{
public:
	explicit SyncHandlers(engine::SyncService& syncs);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	static json::Value syncJson(const store::SyncRecord& sync);

	engine::SyncService& _syncs;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_SyncHandlers_INCLUDED
