//
// BulkSyncHandlers.cpp
//


#include "http/BulkSyncHandlers.h"
#include "engine/EngineError.h"
#include "http/ConsoleLogJson.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"


namespace polytomic {
namespace http {


BulkSyncHandlers::BulkSyncHandlers(engine::BulkSyncService& syncs, store::ExecutionLogRepository& logs, cache::Cache* cache):
	_syncs(syncs),
	_logs(logs),
	_cache(cache)
{
}


json::Value BulkSyncHandlers::syncJson(const store::BulkSyncRecord& s)
{
	json::Value out = json::Value::object();
	out.set("id", s.id);
	out.set("name", s.name);
	out.set("organization_id", s.organizationId);
	out.set("source_connection_id", s.sourceConnectionId);
	out.set("destination_connection_id", s.destinationConnectionId);
	out.set("destination_configuration", json::Value::parse(s.destinationConfiguration));
	out.set("mode", s.mode);
	out.set("schedule", json::Value::parse(s.schedule));
	out.set("schemas", json::Value::parse(s.schemas));
	out.set("active", s.active);
	out.set("created_at", s.createdAt);
	out.set("updated_at", s.updatedAt);
	return out;
}


json::Value BulkSyncHandlers::executionJson(const store::ExecutionRecord& e)
{
	json::Value out = json::Value::object();
	out.set("id", e.id);
	out.set("bulk_sync_id", e.parentId);
	out.set("status", e.status);
	out.set("trigger", e.trigger);
	out.set("error", optionalText(e.error));
	const json::Value schemas = json::Value::parse(e.detail);
	out.set("schemas", schemas);
	long long records = 0, errors = 0;
	for (const auto& s: schemas.items())
	{
		records += s.getInt64("records", 0);
		errors += s.getInt64("errors", 0);
	}
	json::Value counts = json::Value::object();
	counts.set("records", records);
	counts.set("errors", errors);
	out.set("counts", counts);
	out.set("created_at", e.createdAt);
	out.set("started_at", optionalText(e.startedAt));
	out.set("completed_at", optionalText(e.completedAt));
	return out;
}


void BulkSyncHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/bulk/syncs", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& s: _syncs.list(p.organizationId, 100, "")) data.push(syncJson(s));
		e.sendData(data);
	}));
	router.add("POST", "/api/bulk/syncs", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.create(p.organizationId, engine::BulkSyncService::Input::fromJson(e.bodyObject()))));
	}));
	router.add("GET", "/api/bulk/syncs/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/bulk/syncs/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.replace(p.organizationId, e.parameter("id"), engine::BulkSyncService::Input::fromJson(e.bodyObject()))));
	}));
	router.add("DELETE", "/api/bulk/syncs/{id}", access.guard([this](Exchange& e, P p) {
		_syncs.remove(p.organizationId, e.parameter("id"));
		e.sendNoContent();
	}));
	router.add("POST", "/api/bulk/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.start(p.organizationId, e.parameter("id"))));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& x: _syncs.executions(p.organizationId, e.parameter("id"), 100)) data.push(executionJson(x));
		e.sendData(data);
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}/console", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		e.sendData(consoleLogJson(_logs, _cache, execution.id, e.query("cursor")));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/status", access.guard([this](Exchange& e, P p) {
		const auto status = _syncs.status(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("current_execution", status.current ? executionJson(*status.current) : json::Value());
		data.set("last_execution", status.last ? executionJson(*status.last) : json::Value());
		e.sendData(data);
	}));
	router.add("POST", "/api/bulk/syncs/{id}/cancel", access.guard([this](Exchange& e, P p) {
		_syncs.cancel(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("message", "cancelling");
		e.sendData(data);
	}));
}


} } // namespace polytomic::http
