//
// BulkSyncHandlers.h
//
// Definition of the BulkSyncHandlers class.
//


#ifndef Polytomic_Http_BulkSyncHandlers_INCLUDED
#define Polytomic_Http_BulkSyncHandlers_INCLUDED


#include "cache/Cache.h"
#include "engine/BulkSyncService.h"
#include "engine/SchemaService.h"
#include "store/ExecutionLogRepository.h"
#include "http/ApiAccess.h"
#include "http/SignedUrl.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class BulkSyncHandlers
	/// /api/bulk/syncs in the shapes of Polytomic's SDK (bulkSync, its
	/// executions, schedules and schemas): CRUD, activate, runs (start, list,
	/// status, cancel, console log, signed log links), extra schedules, the
	/// settings of each schema; and what a connection offers a bulk sync
	/// (/api/connections/{id}/bulksync/source and .../target).
{
public:
	BulkSyncHandlers(engine::BulkSyncService& syncs, engine::SchemaService& schemas, store::ExecutionLogRepository& logs,
		cache::Cache* cache, const SignedUrl& links);
		/// links: what signs and verifies the log links (the server's, shared with the record-log links).

	void registerRoutes(Router& router, const ApiAccess& access);

	static std::string executionStatus(const std::string& status);
		/// Our execution status as the SDK's BulkExecutionStatus: queued (waiting
		/// for a worker) is "scheduled"; the others are the SDK's own.
	static std::string schemaStatus(const std::string& status);
		/// An object's status in a run as the SDK's BulkSchemaExecutionStatus
		/// (completed_with_errors is completed, with its error_count).
	static json::Value scheduleJson(const json::Value& schedule);
		/// A stored schedule as the SDK's BulkSchedule: its cron fields as strings.
	static json::Value scheduleFromSdk(const json::Value& schedule);
		/// The SDK's V4BulkSyncScheduleApi (camelCase) as a stored schedule;
		/// throws HttpError 400 when it is not an object or has a selectiveMode.
	static json::Value executionJson(const store::ExecutionRecord& execution);
		/// BulkSyncExecution, with per-schema status and counts.

private:
	void registerSyncRoutes(Router& router, const ApiAccess& access);
	void registerExecutionRoutes(Router& router, const ApiAccess& access);
	void registerScheduleRoutes(Router& router, const ApiAccess& access);
	void registerSchemaRoutes(Router& router, const ApiAccess& access);
	void registerConnectionRoutes(Router& router, const ApiAccess& access);
	void registerLogRoutes(Router& router, const ApiAccess& access);

	static json::Value syncJson(const store::BulkSyncRecord& sync);
	static json::Value scheduleRecordJson(const store::BulkSyncScheduleRecord& schedule);
	json::Value schemaJson(const json::Value& settings, const json::Value& catalog) const;
	json::Value sourceCatalog(const std::string& organizationId, const store::BulkSyncRecord& sync) const;
	json::Value schemaListJson(const std::string& organizationId, const store::BulkSyncRecord& sync, const json::Value& settings) const;
	json::Value statusJson(const store::BulkSyncRecord& sync);
		/// BulkSyncStatusResponse: current and last execution, next run.
	json::Value executionStatusJson(const store::BulkSyncRecord& sync);
		/// BulkSyncExecutionStatus: the current (else last) execution's status and schemas.
	json::Value logLinks(Exchange& e, const store::ExecutionRecord& execution, const std::string& syncId);

	engine::BulkSyncService& _syncs;
	engine::SchemaService& _schemas;
	store::ExecutionLogRepository& _logs;
	cache::Cache* _cache;
	const SignedUrl& _links;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_BulkSyncHandlers_INCLUDED
