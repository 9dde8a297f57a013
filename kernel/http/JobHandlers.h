//
// JobHandlers.h
//
// Definition of the JobHandlers class.
//


#ifndef Polytomic_Http_JobHandlers_INCLUDED
#define Polytomic_Http_JobHandlers_INCLUDED


#include "engine/JobRunner.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class JobHandlers
	/// GET /api/jobs/{type}/{id}: the status and result of an asynchronous
	/// model preview, sample, create or update, from any replica.
{
public:
	explicit JobHandlers(store::JobRepository& jobs);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value jobJson(const store::JobRecord& job);
		/// The SDK's JobResponse {job_id, type, status, result?, error?}.

	static void sendSubmitted(Exchange& e, const std::optional<store::JobRecord>& job);
		/// 202 {"job": ...}; 429 when the runner's queue is full.

	static bool asynchronous(const Exchange& e);
		/// ?async=true (400 unless true or false).

	static const std::vector<std::string>& types();

private:
	store::JobRepository& _jobs;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_JobHandlers_INCLUDED
