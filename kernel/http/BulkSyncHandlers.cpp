//
// BulkSyncHandlers.cpp
//


#include "http/BulkSyncHandlers.h"
#include "engine/EngineError.h"
#include "http/ConsoleLogJson.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include "http/SchemaHandlers.h"
#include "store/SqlFragments.h"
#include "Poco/URI.h"
#include <ctime>
#include <set>


namespace polytomic {
namespace http {


namespace
{
	const std::size_t LOG_PART_LINES = 5000;
		/// Console-log lines in one part of a log link (bounds what one download holds in memory).

	const std::time_t LOG_LINK_SECONDS = 3600;
		/// How long a log link lasts.

	const std::size_t RECENT_RUNS = 20;
		/// How far back the status of many syncs looks for each schema's latest run.

	const char* const CRON_FIELDS[][2] = {{"minute", "minute"}, {"hour", "hour"}, {"day_of_week", "dayOfWeek"},
		{"day_of_month", "dayOfMonth"}, {"month", "month"}};
		/// Each cron field of a schedule: as we store it, as the SDK's V4 schedule names it.


	void setIfPresent(json::Value& out, const char* key, const std::optional<std::string>& value)
		/// The SDK's optional fields are left out rather than null.
	{
		if (value) out.set(key, *value);
	}


	bool truthy(const std::string& query)
	{
		return query == "true" || query == "1";
	}


	json::Value schemaExecutionJson(const json::Value& r)
		/// BulkSyncSchemaExecution from one object's entry in the execution's results.
	{
		json::Value out = json::Value::object();
		out.set("schema", r.getString("id"));
		out.set("output_name", r.getString("output_name", engine::BulkSyncService::outputName(r)));
		out.set("status", BulkSyncHandlers::schemaStatus(r.getString("status")));
		out.set("record_count", r.getInt64("records", 0));
		out.set("error_count", r.getInt64("errors", 0));
		out.set("warning_count", 0LL);
		for (const char* key: {"started_at", "completed_at"})
			if (r[key].isString()) out.set(key, r[key]);
		if (r["error"].isString()) out.set("status_message", r["error"]);
		return out;
	}
}


BulkSyncHandlers::BulkSyncHandlers(engine::BulkSyncService& syncs, engine::SchemaService& schemas, store::ExecutionLogRepository& logs,
	cache::Cache* cache, const SignedUrl& links):
	_syncs(syncs),
	_schemas(schemas),
	_logs(logs),
	_cache(cache),
	_links(links)
{
}


std::string BulkSyncHandlers::executionStatus(const std::string& status)
{
	if (status == "queued") return "scheduled";
	if (status == "completed_with_errors") return "completed";
	return status;
}


std::string BulkSyncHandlers::schemaStatus(const std::string& status)
{
	if (status == "completed_with_errors") return "completed";
	if (status == "canceling") return "running";
	if (status == "queued") return "scheduled";
	return status;
}


json::Value BulkSyncHandlers::scheduleJson(const json::Value& schedule)
{
	json::Value out = json::Value::object();
	for (const auto& [key, value]: schedule.members())
		out.set(key, value.isNumber() ? json::Value(value.isWholeNumber() ? std::to_string(value.asInt64()) : value.dump()) : value);
	if (!out["frequency"].isString()) out.set("frequency", "manual");
	return out;
}


json::Value BulkSyncHandlers::scheduleFromSdk(const json::Value& schedule)
{
	if (!schedule.isObject()) throw HttpError(400, "bad_request", "send {\"schedule\": {\"frequency\": \"daily\", \"hour\": \"6\", \"minute\": \"0\"}}");
	const std::string selective = schedule.getString("selectiveMode", "none");
	if (selective != "none")
		throw HttpError(400, "bad_request", "schedule.selectiveMode: only \"none\" is supported (a schedule runs every enabled schema)");
	json::Value out = json::Value::object();
	out.set("frequency", schedule["frequency"]);
	for (const auto& names: CRON_FIELDS)
		if (!schedule[names[1]].isNull()) out.set(names[0], schedule[names[1]]);
	return out;
}


json::Value BulkSyncHandlers::executionJson(const store::ExecutionRecord& e)
{
	json::Value out = json::Value::object();
	out.set("id", e.id);
	out.set("bulk_sync_id", e.parentId);
	out.set("status", executionStatus(e.status));
	out.set("trigger", e.trigger);
	if (e.error) out.set("status_message", *e.error);
	const json::Value detail = json::Value::parse(e.detail);
	const json::Value results = detail.isArray() ? detail : json::Value::array();
	const json::Value options = json::Value::parse(e.options);
	json::Value schemas = json::Value::array();
	long long records = 0, errors = 0;
	for (const auto& r: results.items())
	{
		records += r.getInt64("records", 0);
		errors += r.getInt64("errors", 0);
		schemas.push(schemaExecutionJson(r));
	}
	out.set("schemas", schemas);
	out.set("record_count", records);
	out.set("error_count", errors);
	out.set("warning_count", 0LL);
	out.set("is_test", options.getBool("test", false));
	out.set("is_resync", options.getBool("resync", false));
	out.set("is_partial", options["schemas"].size() > 0);
	out.set("fetch_mode", "none");
	out.set("created_at", e.createdAt);
	setIfPresent(out, "started_at", e.startedAt);
	setIfPresent(out, "completed_at", e.completedAt);
	out.set("updated_at", e.completedAt ? *e.completedAt : e.startedAt ? *e.startedAt : e.createdAt);
	return out;
}


json::Value BulkSyncHandlers::syncJson(const store::BulkSyncRecord& s)
{
	json::Value out = json::Value::object();
	out.set("id", s.id);
	out.set("name", s.name);
	out.set("organization_id", s.organizationId);
	out.set("source_connection_id", s.sourceConnectionId);
	out.set("destination_connection_id", s.destinationConnectionId);
	out.set("source_configuration", json::Value::object());
	out.set("destination_configuration", json::Value::parse(s.destinationConfiguration));
	out.set("mode", s.mode);
	out.set("schedule", scheduleJson(json::Value::parse(s.schedule)));
	out.set("schemas", json::Value::parse(s.schemas));
	out.set("active", s.active);
	// What this server does, in the SDK's settings (BulkSyncService refuses other values).
	out.set("policies", json::Value::array());
	out.set("automatically_add_new_fields", "all");
	out.set("automatically_add_new_objects", "none");
	out.set("discover", false);
	out.set("normalize_names", "disabled");
	out.set("disable_record_timestamps", true);
	out.set("created_at", s.createdAt);
	out.set("updated_at", s.updatedAt);
	return out;
}


json::Value BulkSyncHandlers::scheduleRecordJson(const store::BulkSyncScheduleRecord& c)
{
	const json::Value stored = json::Value::parse(c.schedule);
	json::Value out = json::Value::object();
	out.set("id", c.id);
	out.set("syncId", c.bulkSyncId);
	out.set("frequency", stored.getString("frequency", "manual"));
	const json::Value strings = scheduleJson(stored);
	for (const auto& names: CRON_FIELDS)
		if (strings[names[0]].isString()) out.set(names[1], strings[names[0]]);
	out.set("isDefault", false);
	out.set("selectiveMode", "none");
	out.set("syncMode", "normal");
	out.set("schemas", json::Value::array());
	out.set("createdAt", c.createdAt);
	out.set("updatedAt", c.updatedAt);
	return out;
}


json::Value BulkSyncHandlers::schemaJson(const json::Value& settings, const json::Value& catalog) const
{
	const std::string id = settings.getString("id");
	const json::Value* object = _schemas.object(catalog, id);
	const json::Value& chosen = settings["fields"];
	json::Value out = json::Value::object();
	out.set("id", id);
	out.set("enabled", settings.getBool("enabled", true));
	out.set("output_name", engine::BulkSyncService::outputName(settings));
	if (settings["user_output_name"].isString()) out.set("user_output_name", settings["user_output_name"]);
	if (settings["tracking_field"].isString()) out.set("tracking_field", settings["tracking_field"]);
	out.set("filters", json::Value::array());
	out.set("disable_data_cutoff", false);
	// Every field of the object, each enabled when the schema copies it (all of them without a field list).
	json::Value fields = json::Value::array();
	const auto add = [&](const std::string& name, bool enabled) {
		json::Value f = json::Value::object();
		f.set("id", name);
		f.set("enabled", enabled);
		f.set("output_name", name);
		f.set("obfuscated", false);
		fields.push(f);
	};
	const auto copied = [&](const std::string& name) {
		if (!chosen.isArray()) return true;
		for (const auto& c: chosen.items())
			if (c.asString() == name) return true;
		return false;
	};
	if (object)
		for (const auto& f: (*object)["fields"].items()) add(f.getString("name"), copied(f.getString("name")));
	else if (chosen.isArray())
		for (const auto& c: chosen.items()) add(c.asString(), true);
	out.set("fields", fields);
	return out;
}


json::Value BulkSyncHandlers::sourceCatalog(const std::string& organizationId, const store::BulkSyncRecord& sync) const
{
	try
	{
		return _schemas.catalog(organizationId, sync.sourceConnectionId);
	}
	catch (const std::exception&)
	{
		// A source never discovered and unreachable now: the settings still show, with the fields they name.
		return json::Value::object();
	}
}


json::Value BulkSyncHandlers::schemaListJson(const std::string& organizationId, const store::BulkSyncRecord& sync, const json::Value& settings) const
{
	const json::Value catalog = sourceCatalog(organizationId, sync);
	json::Value data = json::Value::array();
	for (const auto& s: settings.items()) data.push(schemaJson(s, catalog));
	return data;
}


json::Value BulkSyncHandlers::statusJson(const store::BulkSyncRecord& sync)
{
	const auto status = _syncs.status(sync.organizationId, sync.id);
	json::Value data = json::Value::object();
	if (status.current) data.set("current_execution", executionJson(*status.current));
	if (status.last) data.set("last_execution", executionJson(*status.last));
	setIfPresent(data, "next_execution_time", _syncs.nextExecutionTime(sync.id));
	return data;
}


json::Value BulkSyncHandlers::executionStatusJson(const store::BulkSyncRecord& sync)
{
	const auto status = _syncs.status(sync.organizationId, sync.id);
	json::Value item = json::Value::object();
	item.set("sync_id", sync.id);
	setIfPresent(item, "nextExecutionTime", _syncs.nextExecutionTime(sync.id));
	if (const auto& shown = status.current ? status.current : status.last) item.set("status", executionStatus(shown->status));
	// Each schema once, from the newest run that has it (the one under way first), over the last RECENT_RUNS runs.
	json::Value schemas = json::Value::array();
	std::set<std::string> seen;
	for (const auto& run: _syncs.executions(sync.organizationId, sync.id, RECENT_RUNS))
	{
		const store::ExecutionRecord* execution = &run;
		const json::Value shape = executionJson(*execution);
		for (const auto& s: shape["schemas"].items())
		{
			if (!seen.insert(s.getString("schema")).second) continue;
			json::Value one = s;
			one.set("execution_id", execution->id);
			schemas.push(one);
		}
	}
	item.set("schemas", schemas);
	return item;
}


void BulkSyncHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	// First: /api/bulk/syncs/status must not be read as the bulk sync "status".
	registerExecutionRoutes(router, access);
	registerSyncRoutes(router, access);
	registerScheduleRoutes(router, access);
	registerSchemaRoutes(router, access);
	registerConnectionRoutes(router, access);
	registerLogRoutes(router, access);
}


void BulkSyncHandlers::registerSyncRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/bulk/syncs", access.guard([this](Exchange& e, P p) {
		// Whole: the SDK's list takes no page token.
		const std::string active = e.query("active");
		if (!active.empty() && active != "true" && active != "false") throw HttpError(400, "bad_request", "active must be true or false");
		json::Value data = json::Value::array();
		for (const auto& s: _syncs.all(p.organizationId))
			if (active.empty() || s.active == (active == "true")) data.push(syncJson(s));
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
	router.add("POST", "/api/bulk/syncs/{id}/activate", access.guard([this](Exchange& e, P p) {
		const json::Value body = e.bodyObject();
		if (!body["active"].isBool()) throw HttpError(400, "bad_request", "send {\"active\": true} or {\"active\": false}");
		const store::BulkSyncRecord sync = _syncs.activate(p.organizationId, e.parameter("id"), body["active"].asBool());
		json::Value data = json::Value::object();
		data.set("id", sync.id);
		data.set("active", sync.active);
		e.sendData(data);
	}));
	router.add("GET", "/api/bulk/syncs/{id}/status", access.guard([this](Exchange& e, P p) {
		e.sendData(statusJson(_syncs.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("POST", "/api/bulk/syncs/{id}/cancel", access.guard([this](Exchange& e, P p) {
		_syncs.cancel(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("message", "canceling the running execution");
		e.sendData(data);
	}));
}


void BulkSyncHandlers::registerExecutionRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/bulk/syncs/status", access.guard([this](Exchange& e, P p) {
		// ?sync_id= repeated, or all / active: the status of each, whole (a handful per organization).
		std::vector<std::string> wanted;
		for (const auto& [key, value]: Poco::URI(e.request().getURI()).getQueryParameters())
			if (key == "sync_id" || key == "sync_id[]") wanted.push_back(value);
		const bool active = truthy(e.query("active"));
		const bool every = truthy(e.query("all")) || active || wanted.empty();
		std::vector<store::BulkSyncRecord> syncs;
		if (every)
		{
			for (const auto& s: _syncs.all(p.organizationId))
				if (!active || s.active) syncs.push_back(s);
		}
		else
			for (const auto& id: wanted) syncs.push_back(_syncs.get(p.organizationId, id));
		json::Value data = json::Value::array();
		for (const auto& sync: syncs) data.push(executionStatusJson(sync));
		e.sendData(data);
	}));
	router.add("POST", "/api/bulk/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		const auto options = engine::BulkSyncService::StartOptions::fromJson(e.bodyObject(true));
		e.sendData(executionJson(_syncs.start(p.organizationId, e.parameter("id"), options)));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions", access.guard([this](Exchange& e, P p) {
		store::BulkExecutionPage page;
		page.limit = e.limit(50, 100);
		page.ascending = truthy(e.query("ascending"));
		page.onlyTerminal = truthy(e.query("only_terminal"));
		page.after = e.query("page_token");
		if (!page.after.empty() && !store::isUuid(page.after))
			throw HttpError(400, "bad_request", "page_token must be a pagination.next_page_token of an earlier answer");
		json::Value data = json::Value::array();
		const auto found = _syncs.executions(p.organizationId, e.parameter("id"), page);
		for (const auto& x: found) data.push(executionJson(x));
		// Not sendPage: the SDK's next_page_token is a string or absent, never null.
		json::Value envelope = json::Value::object();
		envelope.set("data", data);
		json::Value pagination = json::Value::object();
		if (found.size() == page.limit) pagination.set("next_page_token", found.back().id);
		envelope.set("pagination", pagination);
		e.sendJson(200, envelope.dump());
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}", access.guard([this](Exchange& e, P p) {
		e.sendData(executionJson(_syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"))));
	}));
	router.add("POST", "/api/bulk/syncs/{id}/executions/{exec_id}/cancel", access.guard([this](Exchange& e, P p) {
		_syncs.cancelExecution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		json::Value data = json::Value::object();
		data.set("message", "canceling execution " + e.parameter("exec_id"));
		e.sendData(data);
	}));
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}/console", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		e.sendData(consoleLogJson(_logs, _cache, execution.id, e.query("cursor")));
	}));
}


void BulkSyncHandlers::registerScheduleRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	const auto scheduleOf = [](Exchange& e) {
		const json::Value body = e.bodyObject();
		return scheduleFromSdk(body["schedule"]);
	};
	router.add("GET", "/api/bulk/syncs/{id}/schedules", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& c: _syncs.schedules(p.organizationId, e.parameter("id"))) data.push(scheduleRecordJson(c));
		e.sendData(data);
	}));
	router.add("POST", "/api/bulk/syncs/{id}/schedules", access.guard([this, scheduleOf](Exchange& e, P p) {
		e.sendData(scheduleRecordJson(_syncs.addSchedule(p.organizationId, e.parameter("id"), scheduleOf(e))));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/schedules/{schedule_id}", access.guard([this](Exchange& e, P p) {
		e.sendData(scheduleRecordJson(_syncs.schedule(p.organizationId, e.parameter("id"), e.parameter("schedule_id"))));
	}));
	router.add("PUT", "/api/bulk/syncs/{id}/schedules/{schedule_id}", access.guard([this, scheduleOf](Exchange& e, P p) {
		e.sendData(scheduleRecordJson(_syncs.replaceSchedule(p.organizationId, e.parameter("id"), e.parameter("schedule_id"), scheduleOf(e))));
	}));
	router.add("DELETE", "/api/bulk/syncs/{id}/schedules/{schedule_id}", access.guard([this](Exchange& e, P p) {
		_syncs.removeSchedule(p.organizationId, e.parameter("id"), e.parameter("schedule_id"));
		e.sendNoContent();
	}));
}


void BulkSyncHandlers::registerSchemaRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/bulk/syncs/{id}/schemas", access.guard([this](Exchange& e, P p) {
		// ?filters={"enabled": "true"}: only the enabled (or disabled) schemas.
		const std::string filters = e.query("filters");
		json::Value filter = json::Value::object();
		try
		{
			if (!filters.empty()) filter = json::Value::parse(filters);
		}
		catch (const std::exception&)
		{
		}
		if (!filter.isObject() || (!filter["enabled"].isNull() && filter.getString("enabled") != "true" && filter.getString("enabled") != "false"))
			throw HttpError(400, "bad_request", "filters must be JSON such as {\"enabled\": \"true\"}");
		const store::BulkSyncRecord sync = _syncs.get(p.organizationId, e.parameter("id"));
		json::Value chosen = json::Value::array();
		const json::Value all = json::Value::parse(sync.schemas);
		for (const auto& s: all.items())
			if (filter["enabled"].isNull() || s.getBool("enabled", true) == (filter.getString("enabled") == "true")) chosen.push(s);
		e.sendData(schemaListJson(p.organizationId, sync, chosen));
	}));
	router.add("PATCH", "/api/bulk/syncs/{id}/schemas", access.guard([this](Exchange& e, P p) {
		const json::Value body = e.bodyObject(true);
		const json::Value items = body["schemas"].isNull() ? json::Value::array() : body["schemas"];
		const json::Value settings = _syncs.patchSchemas(p.organizationId, e.parameter("id"), items);
		e.sendData(schemaListJson(p.organizationId, _syncs.get(p.organizationId, e.parameter("id")), settings));
	}));
	router.add("GET", "/api/bulk/syncs/{id}/schemas/{schema_id}", access.guard([this](Exchange& e, P p) {
		const store::BulkSyncRecord sync = _syncs.get(p.organizationId, e.parameter("id"));
		const json::Value settings = _syncs.schema(p.organizationId, sync.id, e.parameter("schema_id"));
		e.sendData(schemaJson(settings, sourceCatalog(p.organizationId, sync)));
	}));
	router.add("PUT", "/api/bulk/syncs/{id}/schemas/{schema_id}", access.guard([this](Exchange& e, P p) {
		const store::BulkSyncRecord sync = _syncs.get(p.organizationId, e.parameter("id"));
		const json::Value settings = _syncs.replaceSchema(p.organizationId, sync.id, e.parameter("schema_id"), e.bodyObject(true));
		e.sendData(schemaJson(settings, sourceCatalog(p.organizationId, sync)));
	}));
	router.add("POST", "/api/bulk/syncs/{id}/schemas/{schema_id}/cancel", access.guard([this](Exchange& e, P p) {
		_syncs.cancelSchema(p.organizationId, e.parameter("id"), e.parameter("schema_id"));
		json::Value data = json::Value::object();
		data.set("message", "'" + e.parameter("schema_id") + "' will not be copied by the current execution");
		e.sendData(data);
	}));
}


void BulkSyncHandlers::registerConnectionRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/connections/{id}/bulksync/source", access.guard([this](Exchange& e, P p) {
		const plugins::PluginManifest& manifest = _schemas.manifestOf(p.organizationId, e.parameter("id"));
		if (!manifest.isSource()) throw HttpError(422, "unprocessable", manifest.name + " connections cannot be a bulk sync source");
		const bool withFields = e.query("include_fields") == "true";
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		json::Value schemas = json::Value::array();
		for (const auto& o: catalog["objects"].items())
		{
			json::Value schema = json::Value::object();
			schema.set("id", o.getString("id"));
			schema.set("name", o.getString("name", o.getString("id")));
			schema.set("supports_tracking_fields", o["tracking_fields"].size() > 0);
			schema.set("tracking_fields", o["tracking_fields"].isArray() ? o["tracking_fields"] : json::Value::array());
			if (withFields)
			{
				json::Value fields = json::Value::array();
				for (const auto& f: o["fields"].items()) fields.push(SchemaHandlers::schemaFieldJson(f, o));
				schema.set("fields", fields);
			}
			schemas.push(schema);
		}
		json::Value data = json::Value::object();
		data.set("schemas", schemas);
		json::Value capabilities = json::Value::object();
		capabilities.set("supports_tracking_fields", true);
		data.set("capabilities", capabilities);
		e.sendData(data);
	}));
	router.add("GET", "/api/connections/{id}/bulksync/target", access.guard([this](Exchange& e, P p) {
		const plugins::PluginManifest& manifest = _schemas.manifestOf(p.organizationId, e.parameter("id"));
		const bool writes = (manifest.writeModes & (POLYTOMIC_MODE_SNAPSHOT | POLYTOMIC_MODE_UPDATE_OR_CREATE)) ==
			(POLYTOMIC_MODE_SNAPSHOT | POLYTOMIC_MODE_UPDATE_OR_CREATE);
		if (!writes) throw HttpError(422, "unprocessable", manifest.name + " connections cannot be a bulk sync destination");
		json::Value data = json::Value::parse(R"({"configuration": {"type": "object", "properties": {"schema": {"type": "string",
			"title": "Schema", "description": "Where the tables go (created when missing); the source's own schema names when empty."}}},
			"supported_resync_modes": ["resync"],
			"modes": [{"id": "snapshot", "label": "Snapshot", "description": "Every run copies every record; the tables end equal to the source."},
			{"id": "replicate", "label": "Replicate", "description": "Each run copies what changed since the last, on a tracking field."}]})");
		e.sendData(data);
	}));
}


void BulkSyncHandlers::registerLogRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}/logs", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		e.sendData(logLinks(e, execution, e.parameter("id")));
	}));
	router.add("POST", "/api/bulk/syncs/{id}/executions/{exec_id}/logs/export", access.guard([this](Exchange& e, P p) {
		// The log is ready at once: the answer is its link (?notify has nothing to wait for).
		const store::ExecutionRecord execution = _syncs.execution(p.organizationId, e.parameter("id"), e.parameter("exec_id"));
		const json::Value links = logLinks(e, execution, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("url", links["URLs"].size() ? links["URLs"][links["URLs"].size() - 1] : json::Value(""));
		data.set("urls", links["URLs"]);
		data.set("expires", links["Expires"]);
		e.sendData(data);
	}));
	// Served without credentials: the signature is the credential, and it expires.
	router.add("GET", "/api/bulk/syncs/{id}/executions/{exec_id}/logs/file", [this](Exchange& e) {
		// The part is signed with the path: a link verifies only for the part it was made for, so it is digits.
		const std::string path = "/api/bulk/syncs/" + e.parameter("id") + "/executions/" + e.parameter("exec_id") + "/logs/file?part=" +
			e.query("part");
		if (_links.verify(path, e.query("expires"), e.query("signature"), std::time(nullptr)) != SignedUrl::Verdict::VALID)
			throw HttpError(403, "forbidden", "this log link is not valid or has expired; ask for a new one: GET .../executions/{id}/logs");
		auto lines = _logs.latest(e.parameter("exec_id"), LOG_PART_LINES, std::stoll(e.query("part")));
		std::string text;
		for (auto it = lines.rbegin(); it != lines.rend(); ++it)
			text += it->at + " " + it->level + (it->attempt > 0 ? " [attempt " + std::to_string(it->attempt) + "] " : " ") + it->message + "\n";
		e.sendText(200, text);
	});
}


json::Value BulkSyncHandlers::logLinks(Exchange& e, const store::ExecutionRecord& execution, const std::string& syncId)
	/// V4BulkSyncExecutionLogs: a link per part of LOG_PART_LINES lines, oldest part first.
{
	const std::string path = "/api/bulk/syncs/" + syncId + "/executions/" + execution.id + "/logs/file";
	const std::time_t expires = std::time(nullptr) + LOG_LINK_SECONDS;
	std::vector<long long> parts{0};
	for (;;)
	{
		const auto page = _logs.latest(execution.id, LOG_PART_LINES, parts.back());
		if (page.size() < LOG_PART_LINES) break;
		parts.push_back(page.back().seq);
	}
	json::Value urls = json::Value::array();
	for (auto it = parts.rbegin(); it != parts.rend(); ++it) urls.push(e.absoluteUrl(_links.sign(path + "?part=" + std::to_string(*it), expires)));
	json::Value data = json::Value::object();
	data.set("URLs", urls);
	char when[32];
	std::tm utc{};
	gmtime_r(&expires, &utc);
	std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
	data.set("Expires", std::string(when));
	return data;
}


} } // namespace polytomic::http
