//
// SyncHandlers.cpp
//


#include "http/SyncHandlers.h"
#include "http/SyncExecutionHandlers.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include <algorithm>


namespace polytomic {
namespace http {


namespace
{


	json::Value sourceReference(const json::Value& reference, const std::string& modelId)
		/// A model field as the SDK names it, {model_id, field}; the server also
		/// takes the field's bare name, which means the sync's model.
	{
		json::Value out = json::Value::object();
		out.set("model_id", reference.isObject() ? reference.getString("model_id", modelId) : modelId);
		out.set("field", reference.isString() ? reference.asString() : reference.getString("field"));
		return out;
	}


	json::Value referencesIn(const json::Value& items, const char* key, const std::string& modelId)
		/// Mappings, filters or overrides with their model field (`key`) in the SDK's shape.
	{
		json::Value out = json::Value::array();
		if (!items.isArray()) return out;
		for (const auto& item: items.items())
		{
			json::Value entry = withoutNulls(item);
			if (!item[key].isNull()) entry.set(key, sourceReference(item[key], modelId));
			out.push(entry);
		}
		return out;
	}


	json::Value scheduleJson(const json::Value& stored)
		/// The schedule as stored, its cron fields as the SDK's strings (the
		/// server also takes whole numbers).
	{
		json::Value out = withoutNulls(stored);
		if (!out.has("frequency")) out.set("frequency", "manual");
		for (const char* key: {"minute", "hour", "day_of_week", "day_of_month", "month"})
			if (stored[key].isWholeNumber()) out.set(key, std::to_string(stored[key].asInt64()));
		return out;
	}


	json::Value scheduleOption(const std::string& frequency, const std::string& label, const std::string& description,
		const std::vector<std::string>& fields)
		/// One frequency with the JSON Schema of the schedule fields it reads.
	{
		json::Value properties = json::Value::object();
		for (const auto& field: fields)
		{
			json::Value property = json::Value::object();
			if (field == "run_after")
			{
				property.set("type", "object");
				property.set("description", "{sync_ids: [...], bulk_sync_ids: [...]}: runs when those end");
			}
			else
			{
				property.set("type", "string");
				property.set("description", field == "cron" ? "a five-field cron expression, UTC" : "a cron field: \"5\", \"*/15\", \"1-5\"");
			}
			properties.set(field, property);
		}
		json::Value configuration = json::Value::object();
		configuration.set("type", "object");
		configuration.set("properties", properties);
		json::Value option = json::Value::object();
		option.set("frequency", frequency);
		option.set("label", label);
		option.set("description", description);
		option.set("configuration", configuration);
		return option;
	}


	json::Value scheduleOptions()
		/// The SDK's ScheduleOptionResponse: every frequency Schedule takes.
	{
		json::Value options = json::Value::array();
		options.push(scheduleOption("manual", "Manual", "Runs only when started", {}));
		options.push(scheduleOption("continuous", "Continuous", "Runs again as soon as a run ends", {}));
		options.push(scheduleOption("hourly", "Hourly", "Every hour at {minute}", {"minute"}));
		options.push(scheduleOption("daily", "Daily", "Every day at {hour}:{minute} UTC", {"hour", "minute"}));
		options.push(scheduleOption("weekly", "Weekly", "Every week on {day_of_week} (0 = Sunday) at {hour}:{minute} UTC",
			{"day_of_week", "hour", "minute"}));
		options.push(scheduleOption("custom", "Custom", "The cron fields {minute} {hour} {day_of_month} {month} {day_of_week}, or {cron}, in UTC",
			{"minute", "hour", "day_of_month", "month", "day_of_week", "cron"}));
		options.push(scheduleOption("runafter", "After other syncs", "When the syncs or bulk syncs in {run_after} end", {"run_after"}));
		json::Value data = json::Value::object();
		data.set("schedule_options", options);
		return data;
	}


	std::optional<bool> activeFilter(const Exchange& e)
		/// ?active=true|false; absent: every sync.
	{
		const std::string active = e.query("active");
		if (active.empty()) return std::nullopt;
		if (active != "true" && active != "false") throw HttpError(400, "bad_request", "active must be true or false");
		return active == "true";
	}
}


SyncHandlers::SyncHandlers(engine::SyncService& syncs):
	_syncs(syncs)
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
	out.set("target", withoutNulls(definition["target"]));
	out.set("fields", referencesIn(definition["fields"], "source", s.modelId));
	if (definition["identity"].isObject())
	{
		json::Value identity = withoutNulls(definition["identity"]);
		identity.set("source", sourceReference(definition["identity"]["source"], s.modelId));
		identity.set("function", definition["identity"].getString("function", "Equality"));
		out.set("identity", identity);
	}
	out.set("filters", referencesIn(definition["filters"], "field", s.modelId));
	out.set("filter_logic", definition.getString("filter_logic"));
	out.set("overrides", referencesIn(definition["overrides"], "field", s.modelId));
	out.set("override_fields", json::Value::array());
	out.set("policies", definition["policies"].isArray() ? definition["policies"] : json::Value::array());
	out.set("sync_all_records", definition.getBool("sync_all_records", false));
	out.set("only_enrich_updates", false);
	out.set("skip_initial_backfill", false);
	out.set("schedule", scheduleJson(json::Value::parse(s.schedule)));
	out.set("created_at", s.createdAt);
	out.set("updated_at", s.updatedAt);
	return out;
}


void SyncHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/syncs", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& sync: _syncs.list(p.organizationId, {activeFilter(e), e.query("target_connection_id"), e.query("mode")}))
			data.push(syncJson(sync));
		e.sendData(data);
	}));
	router.add("POST", "/api/syncs", access.guard([this](Exchange& e, P p) {
		e.sendData(syncJson(_syncs.create(p.organizationId, e.bodyObject())));
	}));
	router.add("GET", "/api/syncs/schedules", access.guard([](Exchange& e, P) {
		e.sendData(scheduleOptions());
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
		const store::SyncRecord sync = _syncs.activate(p.organizationId, e.parameter("id"), body["active"].asBool());
		json::Value data = json::Value::object();
		data.set("id", sync.id);
		data.set("active", sync.active);
		e.sendData(data);
	}));
	router.add("POST", "/api/syncs/{id}/cancel", access.guard([this](Exchange& e, P p) {
		const store::ExecutionRecord canceled = _syncs.cancelCurrent(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::object();
		data.set("message", "execution " + canceled.id + " is " + canceled.status);
		e.sendData(data);
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
		if (status.current) data.set("current_execution", withoutNulls(SyncExecutionHandlers::executionJson(*status.current)));
		if (status.last) data.set("last_execution", withoutNulls(SyncExecutionHandlers::executionJson(*status.last)));
		if (status.next) data.set("next_execution_time", *status.next);
		e.sendData(data);
	}));
}


} } // namespace polytomic::http
