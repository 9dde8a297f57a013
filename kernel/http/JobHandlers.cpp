//
// JobHandlers.cpp
//


#include "http/JobHandlers.h"
#include "http/HttpError.h"
#include <algorithm>


namespace polytomic {
namespace http {


JobHandlers::JobHandlers(store::JobRepository& jobs):
	_jobs(jobs)
{
}


const std::vector<std::string>& JobHandlers::types()
{
	static const std::vector<std::string> TYPES = {"previewmodel", "samplemodel", "createmodel", "updatemodel"};
	return TYPES;
}


json::Value JobHandlers::jobJson(const store::JobRecord& job)
{
	json::Value out = json::Value::object();
	out.set("job_id", job.id);
	out.set("type", job.type);
	out.set("status", job.status);
	if (job.result) out.set("result", json::Value::parse(*job.result));
	if (job.error) out.set("error", *job.error);
	return out;
}


void JobHandlers::sendSubmitted(Exchange& e, const std::optional<store::JobRecord>& job)
{
	if (!job)
		throw HttpError(429, "too_many_jobs", "already " + std::to_string(engine::JobRunner::MAX_QUEUED) +
			" jobs wait on this server; poll the ones you have, or ask again without async=true");
	json::Value out = json::Value::object();
	out.set("job", jobJson(*job));
	e.sendJson(202, out.dump());
}


bool JobHandlers::asynchronous(const Exchange& e)
{
	const std::string async = e.query("async");
	if (!async.empty() && async != "true" && async != "false") throw HttpError(400, "bad_request", "async must be true or false");
	return async == "true";
}


void JobHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/jobs/{type}/{id}", access.guard([this](Exchange& e, P p) {
		const std::string type = e.parameter("type");
		if (std::find(types().begin(), types().end(), type) == types().end())
			throw HttpError(404, "not_found", "no job type '" + type + "'; the types are previewmodel, samplemodel, createmodel and updatemodel");
		const auto job = _jobs.find(p.organizationId, type, e.parameter("id"));
		if (!job)
			throw HttpError(404, "not_found", "no " + type + " job " + e.parameter("id") + " (jobs expire " +
				std::to_string(engine::JobRunner::TTL_SECONDS / 60) + " minutes after they are submitted)");
		e.sendData(jobJson(*job));
	}));
}


} } // namespace polytomic::http
