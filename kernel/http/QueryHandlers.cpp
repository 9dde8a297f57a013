//
// QueryHandlers.cpp
//


#include "http/QueryHandlers.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"


namespace polytomic {
namespace http {


QueryHandlers::QueryHandlers(engine::QueryRunner& runner):
	_runner(runner)
{
}


std::string QueryHandlers::callerOf(const auth::Principal& caller)
{
	return caller.isUser() ? "user:" + caller.userId : caller.kind;
}


json::Value QueryHandlers::toJson(const store::QueryResultRecord& query)
{
	json::Value out = json::Value::object();
	out.set("id", query.id);
	out.set("status", query.status);
	if (query.status == "done")
	{
		out.set("fields", json::Value::parse(query.fields.value_or("[]")));
		out.set("results", json::Value::parse(query.results.value_or("[]")));
		out.set("count", query.count.value_or(0));
		out.set("expires", query.expiresAt);
	}
	if (query.error) out.set("error", *query.error);
	return out;
}


std::string QueryHandlers::queryOf(Exchange& exchange)
{
	// The SDK sends the query as ?query=; a JSON body {"query": ...} is read too.
	const std::string inUrl = exchange.query("query");
	if (!inUrl.empty()) return inUrl;
	const json::Value body = exchange.bodyObject(true);
	if (!body["query"].isNull() && !body["query"].isString())
		throw engine::ValidationError("the query is not valid", {{"query", "must be a string"}});
	return body.getString("query");
}


void QueryHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("POST", "/api/connections/{id}/query", access.guard([this](Exchange& e, const auth::Principal& p) {
		store::QueryResultRecord started;
		try
		{
			started = _runner.start(p.organizationId, e.parameter("id"), callerOf(p), queryOf(e));
		}
		catch (const engine::QueryRunner::Busy& busy)
		{
			throw HttpError(429, "too_many_queries", busy.what());
		}
		e.response().set("Location", e.absoluteUrl("/api/queries/" + started.id));
		json::Value answer = json::Value::object();
		answer.set("data", toJson(started));
		e.sendJson(202, answer.dump());
	}));
	router.add("GET", "/api/queries/{id}", access.guard([this](Exchange& e, const auth::Principal& p) {
		e.sendData(toJson(_runner.get(p.organizationId, e.parameter("id"), callerOf(p))));
	}));
}


} } // namespace polytomic::http
