//
// JobHandlers.h
//
// Definition of the JobHandlers class.
//


#ifndef Polytomic_Http_JobHandlers_INCLUDED
#define Polytomic_Http_JobHandlers_INCLUDED


#include "engine/JobRunner.h"
#include "engine/ModelService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class JobHandlers
	/// The API's background jobs, run by the JobRunner and seen, from any
	/// replica, only by who started them (others get 404, as for an unknown id):
	/// GET /api/jobs/{type}/{id}, the status and result of an asynchronous model
	/// preview, sample, create or update; and the SDK's query runner, POST
	/// /api/connections/{id}/query (202 with its id) and GET /api/queries/{id}
	/// (its status and, once done, its fields and rows: V4RunQueryResult).
{
public:
	JobHandlers(engine::JobRunner& runner, store::JobRepository& jobs, engine::ModelService& models);

	void registerRoutes(Router& router, const ApiAccess& access);

	static store::JobRecord submit(engine::JobRunner& runner, const auth::Principal& caller, const std::string& type,
		engine::JobRunner::Work work);
		/// The job, submitted for the caller; 429 too_many_jobs when the runner takes no more.

	static json::Value perform(engine::JobRunner& runner, const auth::Principal& caller, const std::string& type,
		engine::JobRunner::Work work);
		/// The job's result, run for the caller in the runner's turn while the request waits;
		/// 429 too_many_jobs as submit.

	static void sendSubmitted(Exchange& e, const store::JobRecord& job);
		/// 202 {"job": ...}.

	static json::Value jobJson(const store::JobRecord& job);
		/// The SDK's JobResponse {job_id, type, status, result?, error?}.

	static json::Value queryJson(const store::JobRecord& query);
		/// V4RunQueryResult {id, status, and once done fields, results, count,
		/// expires, and truncated (an addition); error when failed}.

	static bool asynchronous(const Exchange& e);
		/// ?async=true (400 unless true or false).

	static std::string ownerOf(const auth::Principal& caller);
		/// Who a job belongs to: the user (also through the user's API key), else the kind of key.

	static const std::vector<std::string>& types();
		/// The types of GET /api/jobs/{type}/{id}.

	static constexpr const char* QUERY = "query";
		/// The type of the query runner's jobs.

private:
	store::JobRecord owned(const auth::Principal& caller, const std::string& type, const std::string& id, const std::string& what);
		/// The caller's job; 404 naming what when it is unknown, expired or another caller's.

	static std::string queryOf(Exchange& exchange);
		/// The query of a run: ?query= (as the SDK sends it), else the body's "query".

	engine::JobRunner& _runner;
	store::JobRepository& _jobs;
	engine::ModelService& _models;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_JobHandlers_INCLUDED
