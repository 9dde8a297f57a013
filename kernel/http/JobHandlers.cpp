//
// JobHandlers.cpp
//


#include "http/JobHandlers.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"
#include <algorithm>


namespace polytomic {
namespace http {


JobHandlers::JobHandlers(engine::JobRunner& runner, store::JobRepository& jobs, engine::ModelService& models):
	_runner(runner),
	_jobs(jobs),
	_models(models)
{
}


const std::vector<std::string>& JobHandlers::types()
{
	static const std::vector<std::string> TYPES = {"previewmodel", "samplemodel", "createmodel", "updatemodel"};
	return TYPES;
}


std::string JobHandlers::ownerOf(const auth::Principal& caller)
{
	// A user has one API key at most, an organization one, the deployment one: the kind names the key.
	return caller.isUser() ? "user:" + caller.userId : caller.kind;
}


store::JobRecord JobHandlers::submit(engine::JobRunner& runner, const auth::Principal& caller, const std::string& type,
	engine::JobRunner::Work work)
{
	try
	{
		return runner.submit(caller.organizationId, ownerOf(caller), type, std::move(work));
	}
	catch (const engine::JobRunner::Busy& busy)
	{
		throw HttpError(429, "too_many_jobs", busy.what());
	}
}


json::Value JobHandlers::perform(engine::JobRunner& runner, const auth::Principal& caller, const std::string& type,
	engine::JobRunner::Work work)
{
	try
	{
		return runner.perform(caller.organizationId, ownerOf(caller), type, std::move(work));
	}
	catch (const engine::JobRunner::Busy& busy)
	{
		throw HttpError(429, "too_many_jobs", busy.what());
	}
}


void JobHandlers::sendSubmitted(Exchange& e, const store::JobRecord& job)
{
	json::Value out = json::Value::object();
	out.set("job", jobJson(job));
	e.sendJson(202, out.dump());
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


json::Value JobHandlers::queryJson(const store::JobRecord& query)
{
	json::Value out = json::Value::object();
	out.set("id", query.id);
	out.set("status", query.status);
	if (query.status == "done")
	{
		const json::Value result = json::Value::parse(query.result.value_or("{}"));
		out.set("fields", result["fields"].isArray() ? result["fields"] : json::Value::array());
		out.set("results", result["results"].isArray() ? result["results"] : json::Value::array());
		out.set("count", result.getInt64("count", 0));
		out.set("expires", query.expiresAt);
		// Not in the SDK's type (extra fields are allowed): whether rows were left out.
		out.set("truncated", result.getBool("truncated", false));
	}
	if (query.error) out.set("error", *query.error);
	return out;
}


bool JobHandlers::asynchronous(const Exchange& e)
{
	const std::string async = e.query("async");
	if (!async.empty() && async != "true" && async != "false") throw HttpError(400, "bad_request", "async must be true or false");
	return async == "true";
}


store::JobRecord JobHandlers::owned(const auth::Principal& caller, const std::string& type, const std::string& id, const std::string& what)
{
	// Another caller's job is not shown, nor said to exist (the SDK: only who started it sees it).
	const auto job = _jobs.find(caller.organizationId, type, id, ownerOf(caller));
	if (!job)
		throw HttpError(404, "not_found", "no " + what + " " + id + " (it expires " + std::to_string(engine::JobRunner::TTL_SECONDS / 60) +
			" minutes after it was submitted, and only who submitted it sees it)");
	return *job;
}


std::string JobHandlers::queryOf(Exchange& exchange)
{
	// The SDK sends the query as ?query=; a JSON body {"query": ...} is read too.
	const std::string inUrl = exchange.query("query");
	if (!inUrl.empty()) return inUrl;
	const json::Value body = exchange.bodyObject(true);
	if (!body["query"].isNull() && !body["query"].isString())
		throw engine::ValidationError("the query is not valid", {{"query", "must be a string"}});
	return body.getString("query");
}


void JobHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/jobs/{type}/{id}", access.guard([this](Exchange& e, P p) {
		const std::string type = e.parameter("type");
		if (std::find(types().begin(), types().end(), type) == types().end())
			throw HttpError(404, "not_found", "no job type '" + type + "'; the types are previewmodel, samplemodel, createmodel and updatemodel");
		e.sendData(jobJson(owned(p, type, e.parameter("id"), type + " job")));
	}));
	router.add("POST", "/api/connections/{id}/query", access.guard([this](Exchange& e, P p) {
		const std::string organization = p.organizationId;
		const std::string connection = e.parameter("id");
		const std::string query = queryOf(e);
		_models.checkQuery(organization, connection, query);
		// The work holds the ModelService, never this: the JobRunner may outlive the handlers.
		const store::JobRecord started = submit(_runner, p, QUERY, [&models = _models, organization, connection, query] {
			return models.query(organization, connection, query);
		});
		e.response().set("Location", e.absoluteUrl("/api/queries/" + started.id));
		json::Value answer = json::Value::object();
		answer.set("data", queryJson(started));
		e.sendJson(202, answer.dump());
	}));
	router.add("GET", "/api/queries/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(queryJson(owned(p, QUERY, e.parameter("id"), "query")));
	}));
}


} } // namespace polytomic::http
