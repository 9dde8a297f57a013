//
// SyncService.cpp
//


#include "engine/SyncService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "engine/Schedule.h"
#include "plugins/RecordMapper.h"
#include "plugins/SyncOperation.h"
#include <ctime>
#include <set>


namespace polytomic {
namespace engine {


namespace
{
	const std::vector<std::string> MODES = {"create", "update", "updateOrCreate", "replace", "append", "remove", "snapshot"};

	const int TEST_RECORDS = 10;

	const std::size_t LIST_PAGE = 500;


	std::string fieldOf(const json::Value& ref)
	{
		return ref.isString() ? ref.asString() : ref.getString("field");
	}


	std::optional<long long> nextRun(const json::Value& schedule)
	{
		const auto next = Schedule::fromJson(schedule).nextAfter(std::time(nullptr));
		return next ? std::optional<long long>(static_cast<long long>(*next)) : std::nullopt;
	}
}


const std::vector<std::string>& SyncService::modes()
{
	return MODES;
}


SyncService::SyncService(store::SyncRepository& syncs, store::ModelRepository& models, store::ConnectionRepository& connections,
	const plugins::PluginCatalog& catalog, WebhookService* events, const license::LicenseGate* gate):
	_syncs(syncs),
	_models(models),
	_connections(connections),
	_catalog(catalog),
	_events(events),
	_gate(gate)
{
}


store::SyncRecord SyncService::prepare(const std::string& organizationId, const json::Value& body)
{
	if (!body.isObject()) throw ValidationError("the sync is not valid", {{"body", "must be a JSON object"}});
	FieldErrors errors;
	store::SyncRecord record;
	record.organizationId = organizationId;
	record.name = nameField(body, errors);
	record.mode = textField(body, "mode", "mode", errors);
	if (std::find(MODES.begin(), MODES.end(), record.mode) == MODES.end())
		errors["mode"] = "must be create, update, updateOrCreate, replace, append, remove or snapshot";
	record.active = flagField(body, "active", "active", errors, true);
	const std::string filterLogic = textField(body, "filter_logic", "filter_logic", errors);
	const bool syncAllRecords = flagField(body, "sync_all_records", "sync_all_records", errors, false);
	for (const char* list: {"fields", "filters", "overrides", "policies"}) arrayField(body, list, list, errors);
	textField(body, "model_id", "model_id", errors);
	refuseUnsupported(body, errors);

	const json::Value& target = body["target"];
	record.targetConnectionId = textField(target, "connection_id", "target.connection_id", errors);
	if (!target.isObject() || record.targetConnectionId.empty()) errors["target.connection_id"] = "is required";
	if (textField(target, "object", "target.object", errors).empty()) errors["target.object"] = "is required: the object (table) to write";

	// The model: model_id, else the one the fields and identity name.
	const json::Value noItems = json::Value::array();
	const json::Value& fieldList = body["fields"].isArray() ? body["fields"] : noItems;
	const json::Value& filterList = body["filters"].isArray() ? body["filters"] : noItems;
	std::set<std::string> modelIds;
	if (body["model_id"].isString()) modelIds.insert(body.getString("model_id"));
	const auto noteModel = [&](const json::Value& ref) {
		if (ref.isObject() && ref["model_id"].isString()) modelIds.insert(ref.getString("model_id"));
	};
	for (const auto& f: fieldList.items()) noteModel(f["source"]);
	noteModel(body["identity"]["source"]);
	for (const auto& f: filterList.items()) noteModel(f["field"]);
	if (modelIds.size() != 1)
		errors["fields"] = modelIds.empty() ? "name the model: fields[].source.model_id (or model_id)" :
			"every field must come from the same model (joined models are not supported)";
	std::optional<store::ModelRecord> model;
	if (modelIds.size() == 1)
	{
		model = _models.find(organizationId, *modelIds.begin());
		if (!model) errors["fields"] = "no model " + *modelIds.begin();
		else record.modelId = model->id;
	}

	if (!record.targetConnectionId.empty())
	{
		auto connection = _connections.find(organizationId, record.targetConnectionId);
		if (_gate && connection) _gate->requireConnector(connection->type);
		if (_gate && model)
			if (auto source = _connections.find(organizationId, model->connectionId)) _gate->requireConnector(source->type);
		const plugins::PluginManifest* manifest = connection ? _catalog.find(connection->type) : nullptr;
		if (!connection) errors["target.connection_id"] = "no connection " + record.targetConnectionId;
		else if (!manifest) errors["target.connection_id"] = "its connection type '" + connection->type + "' is not loaded";
		else if (plugins::writeModeOf(record.mode) > 0)
		{
			uint32_t needed = static_cast<uint32_t>(plugins::writeModeOf(record.mode));
			if (record.mode == "snapshot") needed |= POLYTOMIC_MODE_REMOVE;
			if ((manifest->writeModes & needed) != needed)
				errors["mode"] = manifest->name + " connections cannot be written in " + record.mode + " mode";
		}
	}

	if (!body["fields"].isArray() || (body["fields"].size() == 0 && record.mode != "remove"))
		errors["fields"] = "map at least one field: [{\"source\": {\"model_id\", \"field\"}, \"target\"}]";
	const json::Value& identity = body["identity"];
	if (record.mode != "append" && !identity.isObject()) errors["identity"] = "the " + record.mode + " mode needs an identity {source, target, function}";
	if (!identity.isNull() && !identity.isObject()) errors["identity"] = "must be an object {source, target, function}";
	if (identity.isObject())
	{
		if (fieldOf(identity["source"]).empty()) errors["identity.source"] = "names the model's identity field";
		if (textField(identity, "target", "identity.target", errors).empty()) errors["identity.target"] = "names the target's identity field";
		const std::string function = textField(identity, "function", "identity.function", errors, "Equality");
		if (function != "Equality")
			errors["identity.function"] = "only Equality is supported by the targets loaded (" + function + " is not)";
	}
	if (model)
	{
		std::set<std::string> names;
		const json::Value modelFields = json::Value::parse(model->fields);
		for (const auto& f: modelFields.items()) names.insert(f.getString("name"));
		const auto check = [&](const json::Value& ref, const std::string& where) {
			const std::string name = fieldOf(ref);
			if (!name.empty() && !names.count(name)) errors[where] = "the model has no field '" + name + "'";
		};
		std::size_t i = 0;
		for (const auto& f: fieldList.items())
		{
			const std::string where = "fields[" + std::to_string(i++) + "]";
			if (textField(f, "target", where + ".target", errors).empty()) errors[where + ".target"] = "is required";
			if (!f["source"].isNull()) check(f["source"], where + ".source");
		}
		if (identity.isObject()) check(identity["source"], "identity.source");
		i = 0;
		for (const auto& f: filterList.items()) check(f["field"], "filters[" + std::to_string(i++) + "].field");
	}

	json::Value spec = json::Value::object();
	spec.set("identity", identity.isObject() ? identity : json::Value());
	spec.set("fields", body["fields"].isArray() ? body["fields"] : json::Value::array());
	spec.set("filters", body["filters"].isArray() ? body["filters"] : json::Value::array());
	spec.set("filter_logic", filterLogic);
	spec.set("overrides", body["overrides"].isArray() ? body["overrides"] : json::Value::array());
	if (errors.empty())
	{
		try
		{
			plugins::RecordMapper check(spec);
		}
		catch (const std::exception& e)
		{
			errors[std::string(e.what()).rfind("filter_logic", 0) == 0 ? "filter_logic" : "filters"] = e.what();
		}
	}

	json::Value schedule = body["schedule"].isNull() ? json::Value::parse("{\"frequency\": \"manual\"}") : body["schedule"];
	try
	{
		Schedule::fromJson(schedule);
	}
	catch (const ValidationError& e)
	{
		for (const auto& [field, problem]: e.fields()) errors[field] = problem;
	}
	if (!errors.empty()) throw ValidationError("the sync is not valid", errors);

	json::Value definition = spec;
	definition.set("target", target);
	definition.set("sync_all_records", syncAllRecords);
	definition.set("policies", body["policies"].isArray() ? body["policies"] : json::Value::array());
	record.definition = definition.dump();
	record.schedule = schedule.dump();
	return record;
}


void SyncService::refuseUnsupported(const json::Value& body, FieldErrors& errors)
	/// The SDK's fields this server cannot honour are refused when set, not
	/// stored and silently ignored.
{
	if (body["override_fields"].isArray() && body["override_fields"].size() > 0)
		errors["override_fields"] = "is not supported: map a constant with fields[] {\"target\", \"override_value\"} and no source";
	else if (!body["override_fields"].isNull() && !body["override_fields"].isArray()) errors["override_fields"] = "must be an array";
	if (!body.getString("encryption_passphrase").empty() || (!body["encryption_passphrase"].isNull() && !body["encryption_passphrase"].isString()))
		errors["encryption_passphrase"] = "is not supported: field encryption is not available on this server";
	for (const char* flag: {"only_enrich_updates", "skip_initial_backfill"})
		if (flagField(body, flag, flag, errors, false)) errors[flag] = "is not supported on this server: leave it false";
	if (body["policies"].isArray())
		for (const auto& policy: body["policies"].items())
			if (!policy.isString()) errors["policies"] = "must be an array of policy ids";
	std::size_t i = 0;
	if (body["fields"].isArray())
		for (const auto& f: body["fields"].items())
		{
			const std::string where = "fields[" + std::to_string(i++) + "]";
			if (f["encryption_enabled"].isBool() && f["encryption_enabled"].asBool())
				errors[where + ".encryption_enabled"] = "is not supported: field encryption is not available on this server";
		}
	i = 0;
	if (body["filters"].isArray())
		for (const auto& f: body["filters"].items())
		{
			const std::string where = "filters[" + std::to_string(i++) + "]";
			if (f.getString("field_type", "Model") != "Model")
				errors[where + ".field_type"] = "only Model filters are supported: a filter reads the model's fields";
		}
}


store::SyncRecord SyncService::create(const std::string& organizationId, const json::Value& body)
{
	store::SyncRecord record = prepare(organizationId, body);
	if (_gate && record.active) _gate->requireActivation();
	store::SyncRecord created = _syncs.create(record);
	_syncs.executions().setNextRun(created.id, nextRun(json::Value::parse(created.schedule)));
	return created;
}


store::SyncRecord SyncService::get(const std::string& organizationId, const std::string& id)
{
	auto found = _syncs.find(organizationId, id);
	if (!found) throw NotFound("no sync " + id);
	return *found;
}


std::vector<store::SyncRecord> SyncService::list(const std::string& organizationId, const ListFilter& filter)
{
	if (!filter.mode.empty() && std::find(MODES.begin(), MODES.end(), filter.mode) == MODES.end())
		throw ValidationError("the mode filter must be create, update, updateOrCreate, replace, append, remove or snapshot",
			{{"mode", "must be create, update, updateOrCreate, replace, append, remove or snapshot"}});
	std::vector<store::SyncRecord> all;
	for (std::string after;;)
	{
		const auto page = _syncs.list(organizationId, LIST_PAGE, after, filter.active, filter.targetConnectionId, filter.mode);
		all.insert(all.end(), page.begin(), page.end());
		if (page.size() < LIST_PAGE) return all;
		after = page.back().id;
	}
}


store::SyncRecord SyncService::replace(const std::string& organizationId, const std::string& id, const json::Value& body)
{
	const store::SyncRecord existing = get(organizationId, id);
	store::SyncRecord record = prepare(organizationId, body);
	record.id = id;
	if (_gate && record.active && !existing.active) _gate->requireActivation();
	const json::Value before = json::Value::parse(existing.definition), after = json::Value::parse(record.definition);
	// Another identity, model or target means the ledger describes other records: start afresh.
	if (before["identity"].dump() != after["identity"].dump() || before["target"].dump() != after["target"].dump() ||
		existing.modelId != record.modelId || existing.mode != record.mode)
		_syncs.clearLedger(id);
	_syncs.update(record);
	_syncs.executions().setNextRun(id, nextRun(json::Value::parse(record.schedule)));
	return get(organizationId, id);
}


void SyncService::remove(const std::string& organizationId, const std::string& id)
{
	if (auto running = _syncs.executions().active(get(organizationId, id).id))
		throw Conflict("execution " + running->id + " is " + running->status + "; cancel it first");
	_syncs.remove(organizationId, id);
}


store::SyncRecord SyncService::activate(const std::string& organizationId, const std::string& id, bool active)
{
	if (_gate && active && !get(organizationId, id).active) _gate->requireActivation();
	if (!_syncs.setActive(organizationId, id, active)) throw NotFound("no sync " + id);
	return get(organizationId, id);
}


store::ExecutionRecord SyncService::start(const std::string& organizationId, const std::string& id, const json::Value& body)
{
	const store::SyncRecord sync = get(organizationId, id);
	if (_gate) _gate->requireNewExecutions();
	std::map<std::string, std::string> errors;
	if (!body["resync"].isNull() && !body["resync"].isBool()) errors["resync"] = "must be true or false";
	if (!body["test"].isNull() && !body["test"].isBool()) errors["test"] = "must be true or false";
	if (!body["identities"].isNull() && !body["identities"].isArray()) errors["identities"] = "must be an array of identity values";
	if (body["identities"].isArray())
		for (const auto& identity: body["identities"].items())
			if (!identity.isString() && !identity.isNumber()) errors["identities"] = "must be an array of identity values (strings or numbers)";
	if (!errors.empty()) throw ValidationError("bad execution options", errors);
	json::Value options = json::Value::object();
	options.set("resync", body.getBool("resync", false));
	options.set("test", body.getBool("test", false));
	if (options.getBool("test", false)) options.set("test_records", TEST_RECORDS);
	options.set("identities", body["identities"].isArray() ? body["identities"] : json::Value::array());
	auto queued = _syncs.executions().enqueue(sync.id, options.getBool("test", false) ? "test" : "manual", options.dump());
	if (!queued)
	{
		auto running = _syncs.executions().active(sync.id);
		throw Conflict("an execution of this sync is already " + (running ? running->status + " (" + running->id + ")" : std::string("running")));
	}
	return *queued;
}


store::ExecutionRecord SyncService::cancel(const std::string& organizationId, const std::string& id, const std::string& executionId)
{
	const std::string syncId = get(organizationId, id).id;
	auto active = _syncs.executions().active(syncId);
	if (!active || active->id != executionId)
	{
		if (!_syncs.executions().find(syncId, executionId)) throw NotFound("no execution " + executionId + " of sync " + id);
		throw Conflict("execution " + executionId + " is not queued or running");
	}
	auto canceled = _syncs.executions().requestCancel(syncId);
	if (!canceled) throw Conflict("execution " + executionId + " is not queued or running");
	if (_events && canceled->status == "canceled")
	{
		// It never started: no worker will announce it.
		const store::SyncRecord sync = get(organizationId, id);
		json::Value payload = json::Value::object();
		payload.set("execution_id", canceled->id);
		payload.set("sync_id", sync.id);
		payload.set("sync_name", sync.name);
		payload.set("target_connection_id", sync.targetConnectionId);
		payload.set("status", "canceled");
		payload.set("trigger", canceled->trigger);
		_events->emit(organizationId, "sync.canceled", payload);
	}
	return *canceled;
}


store::ExecutionRecord SyncService::cancelCurrent(const std::string& organizationId, const std::string& id)
{
	auto current = _syncs.executions().active(get(organizationId, id).id);
	if (!current) throw Conflict("no execution of sync " + id + " is queued or running: there is nothing to cancel");
	return cancel(organizationId, id, current->id);
}


store::ExecutionRecord SyncService::execution(const std::string& organizationId, const std::string& id, const std::string& executionId)
{
	auto found = _syncs.executions().find(get(organizationId, id).id, executionId);
	if (!found) throw NotFound("no execution " + executionId + " of sync " + id);
	return *found;
}


std::vector<store::ExecutionRecord> SyncService::executions(const std::string& organizationId, const std::string& id, std::size_t limit,
	const std::string& before)
{
	return _syncs.executions().list(get(organizationId, id).id, limit, before);
}


SyncService::Status SyncService::status(const std::string& organizationId, const std::string& id)
{
	const store::SyncRecord sync = get(organizationId, id);
	Status status{_syncs.executions().active(sync.id), _syncs.executions().lastFinished(sync.id), std::nullopt};
	if (sync.active)
		if (auto next = Schedule::fromJson(json::Value::parse(sync.schedule)).nextAfter(std::time(nullptr)))
		{
			char buffer[32];
			std::tm tm;
			gmtime_r(&*next, &tm);
			std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
			status.next = std::string(buffer);
		}
	return status;
}


} } // namespace polytomic::engine
