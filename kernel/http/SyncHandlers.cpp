//
// SyncHandlers.cpp
//


#include "http/SyncHandlers.h"
#include "http/ConsoleLogJson.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include <algorithm>


namespace polytomic {
namespace http {


namespace
{


	const std::vector<std::string> LOG_TYPES = {"records", "inserts", "updates", "deletes", "errors", "warnings"};
}


SyncHandlers::SyncHandlers(engine::SyncService& syncs, store::SyncRepository& repository, store::ExecutionLogRepository& logs,
	cache::Cache* cache):
	_syncs(syncs),
	_repository(repository),
	_logs(logs),
	_cache(cache)
{
}


json::Value SyncHandlers::syncJson(const store::SyncRecord& s)
{
	const json::Value definition = json::Value::parse(s.definition);
	json::Value out = json::Value::object();
	out.set("id", s.id);
	out.set("name", s.name);
	out.set("organization_id", s.organizationId);
	out.set("active", s.active);
	out.set("mode", s.mode);
	json::Value models = json::Value::array();
	models.push(s.modelId);
	out.set("model_ids", models);
	out.set("target", definition["target"]);
	for (const char* key: {"fields", "identity", "filters", "filter_logic", "overrides", "sync_all_records"}) out.set(key, definition[key]);
	out.set("schedule", json::Value::parse(s.schedule));
	out.set("created_at", s.createdAt);
	out.set("updated_at", s.updatedAt);
	return out;
}


json::Value SyncHandlers::executionJson(const store::ExecutionRecord& e)
{
	const json::Value detail = json::Value::parse(e.detail);
	const json::Value options = json::Value::parse(e.options);
	json::Value out = json::Value::object();
	out.set("id", e.id);
	out.set("sync_id", e.parentId);
	out.set("type", options.getBool("test", false) ? "test" : "sync");
	out.set("status", e.status);
	out.set("trigger", e.trigger);
	out.set("created_at", e.createdAt);
	out.set("started_at", optionalText(e.startedAt));
	out.set("completed_at", optionalText(e.completedAt));
	json::Value counts = json::Value::object();
	for (const char* key: {"total", "insert", "update", "upserts", "delete", "error", "warnings", "unchanged"})
		counts.set(key, detail["counts"].getInt64(key, 0));
	out.set("counts", counts);
	json::Value errors = json::Value::array();
	if (e.error) errors.push(*e.error);
	if (detail["errors"].isArray())
		for (const auto& r: detail["errors"].items()) errors.push(r.getString("identity") + ": " + r.getString("message"));
	out.set("errors", errors);
	out.set("attempts", e.attempts);
	return out;
}


void SyncHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/syncs", access.guard([this](Exchange& e, P p) {
		const std::size_t limit = e.limit(50, 50);
		const std::string active = e.query("active");
		if (!active.empty() && active != "true" && active != "false") throw HttpError(400, "bad_request", "active must be true or false");
		const auto syncs = _syncs.list(p.organizationId, limit + 1, e.query("page_token"),
			active.empty() ? std::nullopt : std::optional<bool>(active == "true"), e.query("target_connection_id"));
		json::Value data = json::Value::array();
		for (std::size_t i = 0; i < syncs.size() && i < limit; ++i) data.push(syncJson(syncs[i]));
		e.sendPage(data, syncs.size() > limit ? syncs[limit - 1].id : std::string());
	}));
	router.add("POST", "/api/syncs", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.create(p.organizationId, e.bodyObject())));
	}));
	router.add("GET", "/api/syncs/schedules", access.guard([](Exchange& e, P) {
		json::Value data = json::Value::array();
		const std::vector<std::pair<std::string, std::string>> frequencies = {{"manual", "Run only when started"},
			{"continuous", "Run again as soon as a run ends"}, {"hourly", "Every hour at {minute}"},
			{"daily", "Every day at {hour}:{minute} UTC"}, {"weekly", "Every week on {day_of_week} at {hour}:{minute} UTC"},
			{"custom", "A five-field cron expression {cron}, in UTC"}, {"runafter", "After the syncs in {run_after}"}};
		for (const auto& [frequency, description]: frequencies)
		{
			json::Value item = json::Value::object();
			item.set("frequency", frequency);
			item.set("label", frequency);
			item.set("description", description);
			data.push(item);
		}
		e.sendData(data);
	}));
	router.add("GET", "/api/syncs/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/syncs/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.replace(p.organizationId, e.parameter("id"), e.bodyObject())));
	}));
	router.add("DELETE", "/api/syncs/{id}", access.guard([this](Exchange& e, P p) {
		_syncs.remove(p.organizationId, e.parameter("id"));
		e.sendNoContent();
	}));
	router.add("POST", "/api/syncs/{id}/activate", access.guard([this](Exchange& e, P p) {
		const json::Value body = e.bodyObject();
		if (!body["active"].isBool()) throw HttpError(400, "bad_request", "the body is {\"active\": true|false}");
		e.sendData(syncJson(_syncs.activate(p.organizationId, e.parameter("id"), body["active"].asBool())));
	}));
	router.add("POST", "/api/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord started = _syncs.start(p.organizationId, e.parameter("id"), e.bodyObject(true));
		json::Value data = json::Value::object();
		data.set("id", started.id);
		data.set("status", started.status);
		data.set("created_at", started.createdAt);
		e.sendData(data);
	}));
	router.add("GET", "/api/syncs/{id}/status", access.guard([this](Exchange& e, P p) {
		const auto status = _syncs.status(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("current_execution", status.current ? executionJson(*status.current) : json::Value());
		data.set("last_execution", status.last ? executionJson(*status.last) : json::Value());
		data.set("next_execution_time", optionalText(status.next));
		e.sendData(data);
	}));
	router.add("GET", "/api/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		const std::size_t limit = e.limit(50, 50);
		const auto executions = _syncs.executions(p.organizationId, e.parameter("id"), limit + 1, e.query("page_token"));
		json::Value data = json::Value::array();
		for (std::size_t i = 0; i < executions.size() && i < limit; ++i) data.push(executionJson(executions[i]));
		e.sendPage(data, executions.size() > limit ? executions[limit - 1].id : std::string());
	}));
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	router.add("POST", "/api/syncs/{id}/executions/{exec_id}/cancel", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.cancel(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	router.add("GET", "/api/syncs/{id}/executions/{exec_id}/{type}", access.guard([this](Exchange& e, P p) {
		const std::string type = e.parameter("type");
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		if (type == "console")
		{
			e.sendData(consoleLogJson(_logs, _cache, execution.id, e.query("cursor")));
			return;
		}
		if (std::find(LOG_TYPES.begin(), LOG_TYPES.end(), type) == LOG_TYPES.end())
			throw HttpError(404, "not_found", "no log '" + type + "'; the logs are records, inserts, updates, deletes, errors, warnings and console");
		long long after = 0;
		const std::string pageToken = e.query("page_token");
		// 18 digits always fit a long long; more would overflow it (undefined behaviour).
		if (pageToken.size() > 18) throw HttpError(400, "bad_request", "page_token must be a next_page_token of an earlier answer");
		for (char c: pageToken)
		{
			if (c < '0' || c > '9') throw HttpError(400, "bad_request", "page_token must be a next_page_token of an earlier answer");
			after = after * 10 + (c - '0');
		}
		long long last = 0;
		const std::size_t chunks = 20;
		const auto found = _repository.recordLog(execution.id, type, chunks, after, &last);
		json::Value data = json::Value::array();
		for (const auto& chunk: found)
		{
			const json::Value entries = json::Value::parse(chunk);
			for (const auto& entry: entries.items()) data.push(entry);
		}
		e.sendPage(data, found.size() == chunks ? std::to_string(last) : std::string());
	}));
}


} } // namespace polytomic::http
