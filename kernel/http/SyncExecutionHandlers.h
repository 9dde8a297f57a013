//
// SyncExecutionHandlers.h
//
// Definition of the SyncExecutionHandlers class.
//


#ifndef Polytomic_Http_SyncExecutionHandlers_INCLUDED
#define Polytomic_Http_SyncExecutionHandlers_INCLUDED


#include "cache/Cache.h"
#include "engine/SyncService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"
#include "http/SignedUrl.h"
#include "store/ExecutionLogRepository.h"
#include "store/RecordLogFiles.h"


namespace polytomic {
namespace http {


class SyncExecutionHandlers
	/// /api/syncs/{id}/executions/{exec_id}...: a model sync's executions (list,
	/// get, update, cancel), its console log, and its per-record logs as files:
	/// signed, expiring links to /api/execution-logs/..., which the server
	/// itself serves to whoever holds a valid link (no Authorization header).
{
public:
	SyncExecutionHandlers(engine::SyncService& syncs, store::SyncRepository& repository, store::RecordLogFiles& files,
		store::ExecutionLogRepository& logs, cache::Cache* cache, const SignedUrl& links);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value executionJson(const store::ExecutionRecord& execution);
		/// The SDK's GetExecutionResponseSchema.

	static constexpr int LINK_SECONDS = 900;
		/// How long a log file's link works.

private:
	void registerLogs(Router& router, const ApiAccess& access);
	json::Value fileUrls(const Exchange& e, const store::ExecutionRecord& execution, const std::string& type);
	std::string fileUrl(const Exchange& e, const std::string& executionId, const std::string& type, long long start, long long expires) const;
	void sendFile(Exchange& e);
		/// GET /api/execution-logs/{execution_id}/{type}/{filename}?expires=&signature=

	engine::SyncService& _syncs;
	store::SyncRepository& _repository;
	store::RecordLogFiles& _files;
	store::ExecutionLogRepository& _logs;
	cache::Cache* _cache;
	const SignedUrl& _links;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_SyncExecutionHandlers_INCLUDED
