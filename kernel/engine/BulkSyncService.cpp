//
// BulkSyncService.cpp
//


#include "engine/BulkSyncService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "engine/Schedule.h"
#include "engine/SchemaService.h"
#include <algorithm>
#include <ctime>


namespace polytomic {
namespace engine {


namespace
{
	void refuseUnless(const json::Value& body, const char* key, const std::function<bool(const json::Value&)>& honoured,
		const std::string& problem, FieldErrors& errors)
		/// A setting of the SDK's request this server does not have: refused unless absent, null or a value it honours.
	{
		if (!body[key].isNull() && !honoured(body[key])) errors[key] = problem;
	}


	bool isEqualTo(const json::Value& v, const char* text)
	{
		return v.isString() && v.asString() == text;
	}


	json::Value fieldNames(const json::Value& fields, const std::string& path, FieldErrors& errors)
		/// ["id", ...] or [{"id", "enabled", "obfuscate(d)"}]: the enabled field names; null (all fields) when empty.
	{
		if (!fields.isArray())
		{
			errors[path] = "must be an array of field names or {\"id\": name, \"enabled\": true|false}";
			return json::Value();
		}
		json::Value names = json::Value::array();
		for (const auto& f: fields.items())
		{
			if (f.isString()) names.push(f);
			else if (!f.isObject() || !f["id"].isString() || (!f["enabled"].isNull() && !f["enabled"].isBool()))
				errors[path] = "must be field names or {\"id\": name, \"enabled\": true|false}";
			else if (f.getBool("obfuscate", false) || f.getBool("obfuscated", false))
				errors[path] = "obfuscated fields are not supported: leave the field out (enabled: false) instead";
			else if (f.getBool("enabled", true)) names.push(f["id"]);
		}
		return fields.size() ? names : json::Value();
	}


	std::string fieldProblem(const json::Value& object, const std::string& name)
		/// Why a bulk sync cannot copy (or track) name of object: empty when it can.
	{
		if (SchemaService::listsField(object["fields"], "name", name)) return "";
		if (SchemaService::listsField(object["user_fields"], "field_id", name))
			return "'" + name + "' is a user-defined field, which a bulk sync does not copy: choose fields found in the source";
		return "'" + name + "' is not a field of " + object.getString("id") + "; list its fields with GET /api/connections/{id}/schemas/" +
			object.getString("id") + " (refresh its schemas if the field is new)";
	}
}


json::Value BulkSyncService::schemaFromJson(const json::Value& item, const std::string& path, FieldErrors& errors)
{
	json::Value schema = json::Value::object();
	if (item.isString())
	{
		schema.set("id", item);
		schema.set("enabled", true);
		return schema;
	}
	if (!item.isObject() || !item["id"].isString() || item["id"].asString().empty())
	{
		errors[path] = "each schema is an object id or {\"id\": ..., \"enabled\", \"fields\", \"tracking_field\"}";
		return schema;
	}
	const std::string id = item.getString("id");
	schema.set("id", id);
	schema.set("enabled", flagField(item, "enabled", path + ".enabled", errors, true));
	if (!item["fields"].isNull())
	{
		const json::Value names = fieldNames(item["fields"], path + ".fields", errors);
		if (!names.isNull()) schema.set("fields", names);
		if (names.isArray() && names.size() == 0 && schema.getBool("enabled", true))
			errors[path + ".fields"] = "every field is disabled, so the schema would copy nothing: enable a field, or disable the schema (enabled: false)";
	}
	for (const char* key: {"tracking_field", "user_output_name"})
	{
		const std::string value = textField(item, key, path + "." + key, errors);
		if (!value.empty()) schema.set(key, value);
	}
	if (item["filters"].isArray() ? item["filters"].size() > 0 : !item["filters"].isNull())
		errors[path + ".filters"] = "row filters are not supported on bulk syncs: copy the whole object, or use a model sync with filters";
	if (!textField(item, "partition_key", path + ".partition_key", errors).empty())
		errors[path + ".partition_key"] = "partitioned destination tables are not supported: leave partition_key out";
	if (!textField(item, "data_cutoff_timestamp", path + ".data_cutoff_timestamp", errors).empty())
		errors[path + ".data_cutoff_timestamp"] = "data cutoffs are not supported: leave data_cutoff_timestamp out";
	flagField(item, "disable_data_cutoff", path + ".disable_data_cutoff", errors, false); // there is no cutoff to disable
	return schema;
}


std::string BulkSyncService::outputName(const json::Value& schema)
{
	if (!schema.getString("user_output_name").empty()) return schema.getString("user_output_name");
	const std::string id = schema.getString("id");
	const auto dot = id.rfind('.');
	return dot == std::string::npos ? id : id.substr(dot + 1);
}


BulkSyncService::Input BulkSyncService::Input::fromJson(const json::Value& body)
{
	FieldErrors errors;
	Input in;
	const auto text = [&](const char* key) {
		if (!body[key].isString() || body[key].asString().empty()) errors[key] = "is required (a string)";
		return body.getString(key);
	};
	in.name = nameField(body, errors);
	in.sourceConnectionId = text("source_connection_id");
	in.destinationConnectionId = text("destination_connection_id");
	in.mode = textField(body, "mode", "mode", errors, "snapshot");
	if (in.mode != "snapshot" && in.mode != "replicate") errors["mode"] = "must be snapshot or replicate";
	in.destinationConfiguration = body["destination_configuration"].isNull() ? json::Value::object() : body["destination_configuration"];
	if (!in.destinationConfiguration.isObject()) errors["destination_configuration"] = "must be an object ({\"schema\": \"...\"})";
	else if (!in.destinationConfiguration["schema"].isNull() && !in.destinationConfiguration["schema"].isString())
		errors["destination_configuration.schema"] = "must be a string";
	if (!body["schemas"].isNull())
	{
		in.schemas = json::Value::array();
		if (!body["schemas"].isArray()) errors["schemas"] = "must be an array of object ids or schema settings (omit it for every object)";
		else
			for (std::size_t i = 0; i < body["schemas"].size(); ++i)
				in.schemas.push(schemaFromJson(body["schemas"][i], "schemas[" + std::to_string(i) + "]", errors));
	}
	in.schedule = body["schedule"].isNull() ? json::Value::parse("{\"frequency\": \"manual\"}") : body["schedule"];
	try
	{
		Schedule::fromJson(in.schedule);
	}
	catch (const ValidationError& e)
	{
		for (const auto& [field, problem]: e.fields()) errors[field] = problem;
	}
	if (!body["active"].isNull() && !body["active"].isBool()) errors["active"] = "must be true or false";
	in.active = body.getBool("active", true);
	// What the SDK's request may carry and this server does not do: its own answer's values pass, others are refused.
	const auto emptyObject = [](const json::Value& v) { return v.isObject() && v.size() == 0; };
	const auto emptyArray = [](const json::Value& v) { return v.isArray() && v.size() == 0; };
	const auto positive = [](const json::Value& v) { return v.isWholeNumber() && v.asInt64() >= 1; };
	refuseUnless(body, "source_configuration", emptyObject, "sources take no bulk-sync configuration here: send {} or leave it out", errors);
	refuseUnless(body, "policies", emptyArray, "bulk syncs take no policies here: leave policies out", errors);
	refuseUnless(body, "automatically_add_new_objects", [](const json::Value& v) { return isEqualTo(v, "none"); },
		"new objects of the source are not added by themselves: \"none\", then add them to schemas", errors);
	refuseUnless(body, "automatically_add_new_fields", [](const json::Value& v) { return isEqualTo(v, "all"); },
		"\"all\": a schema without a field list copies every field, new ones too; list the fields to copy to keep new ones out", errors);
	refuseUnless(body, "discover", [](const json::Value& v) { return v.isBool() && !v.asBool(); }, "must be false (see automatically_add_new_objects)", errors);
	refuseUnless(body, "normalize_names", [](const json::Value& v) { return isEqualTo(v, "disabled"); },
		"\"disabled\": tables and columns keep the source's names", errors);
	refuseUnless(body, "disable_record_timestamps", [](const json::Value& v) { return v.isBool() && v.asBool(); },
		"must be true: no record timestamp columns are added", errors);
	refuseUnless(body, "data_cutoff_timestamp", [](const json::Value& v) { return v.isString() && v.asString().empty(); },
		"data cutoffs are not supported: leave data_cutoff_timestamp out", errors);
	// Objects are copied one at a time: any limit of 1 or more holds.
	refuseUnless(body, "concurrency_limit", positive, "must be a whole number of 1 or more", errors);
	refuseUnless(body, "resync_concurrency_limit", positive, "must be a whole number of 1 or more", errors);
	if (!errors.empty()) throw ValidationError("the bulk sync is not valid", errors);
	return in;
}


BulkSyncService::StartOptions BulkSyncService::StartOptions::fromJson(const json::Value& body)
{
	FieldErrors errors;
	StartOptions options;
	arrayField(body, "schemas", "schemas", errors);
	if (body["schemas"].isArray())
	{
		for (const auto& id: body["schemas"].items())
		{
			if (id.isString()) options.schemas.push(id);
			else errors["schemas"] = "must be an array of schema ids";
		}
	}
	options.test = flagField(body, "test", "test", errors, false);
	options.resync = flagField(body, "resync", "resync", errors, false);
	const std::string resyncMode = textField(body, "resync_mode", "resync_mode", errors);
	if (!resyncMode.empty() && resyncMode != "resync")
		errors["resync_mode"] = "only \"resync\" (read every record again) is supported";
	options.resync = options.resync || resyncMode == "resync";
	const std::string fetchMode = textField(body, "fetch_mode", "fetch_mode", errors, "none");
	if (fetchMode != "none") errors["fetch_mode"] = "only \"none\" is supported (incremental and full apply to Salesforce sources)";
	if (options.test && options.resync) errors["test"] = "a test run cannot also be a resync";
	if (!errors.empty()) throw ValidationError("the run cannot start", errors);
	return options;
}


json::Value BulkSyncService::StartOptions::toJson() const
{
	json::Value out = json::Value::object();
	if (schemas.size()) out.set("schemas", schemas);
	if (resync) out.set("resync", true);
	if (test) out.set("test", true);
	return out;
}


BulkSyncService::BulkSyncService(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections,
	const plugins::PluginCatalog& catalog, WebhookService* events, const license::LicenseGate* gate, SchemaService* schemas):
	_syncs(syncs),
	_connections(connections),
	_catalog(catalog),
	_events(events),
	_gate(gate),
	_schemaService(schemas)
{
}


uint32_t BulkSyncService::writeMode(const std::string& mode)
{
	return mode == "replicate" ? POLYTOMIC_MODE_UPDATE_OR_CREATE : POLYTOMIC_MODE_SNAPSHOT;
}


store::BulkSyncRecord BulkSyncService::prepare(const std::string& organizationId, const Input& input)
{
	std::map<std::string, std::string> errors;
	const auto connectionOf = [&](const std::string& id, const char* field, bool source) {
		auto connection = _connections.find(organizationId, id);
		if (!connection)
		{
			errors[field] = "no connection " + id;
			return;
		}
		if (_gate) _gate->requireConnector(connection->type);
		const plugins::PluginManifest* manifest = _catalog.find(connection->type);
		if (!manifest) errors[field] = "its connection type '" + connection->type + "' is not loaded";
		else if (source && !manifest->isSource()) errors[field] = manifest->name + " connections cannot be a source";
		else if (!source && !(manifest->writeModes & writeMode(input.mode)))
			errors[field] = manifest->name + " connections cannot be the destination of a " + input.mode + " bulk sync: it writes in the " +
				(input.mode == "replicate" ? "updateOrCreate" : "snapshot") + " mode, which they lack; choose mode " +
				(input.mode == "replicate" ? "snapshot" : "replicate") + " or another destination";
	};
	connectionOf(input.sourceConnectionId, "source_connection_id", true);
	connectionOf(input.destinationConnectionId, "destination_connection_id", false);
	if (!errors.empty()) throw ValidationError("the bulk sync is not valid", errors);
	store::BulkSyncRecord record;
	record.organizationId = organizationId;
	record.name = input.name;
	record.sourceConnectionId = input.sourceConnectionId;
	record.destinationConnectionId = input.destinationConnectionId;
	record.destinationConfiguration = input.destinationConfiguration.dump();
	record.mode = input.mode;
	record.schedule = input.schedule.dump();
	record.schemas = (input.schemas.isNull() ? everySchema(organizationId, input.sourceConnectionId) : input.schemas).dump();
	record.active = input.active;
	return record;
}


void BulkSyncService::checkFields(const std::string& organizationId, const std::string& sourceConnectionId, const json::Value& schemas,
	const std::string& path)
{
	const auto namesFields = [](const json::Value& s) { return s.isObject() && (s.has("fields") || s.has("tracking_field")); };
	if (!_schemaService || std::none_of(schemas.items().begin(), schemas.items().end(), namesFields)) return;
	const json::Value catalog = _schemaService->catalog(organizationId, sourceConnectionId);
	FieldErrors errors;
	for (std::size_t i = 0; i < schemas.size(); ++i)
	{
		const json::Value& settings = schemas[i];
		const json::Value* object = namesFields(settings) ? _schemaService->object(catalog, settings.getString("id")) : nullptr;
		if (!object) continue; // an object the source no longer has is refused where it is added
		const std::string at = schemas.size() == 1 && path != "schemas" ? path : path + "[" + std::to_string(i) + "]";
		const json::Value& fields = settings["fields"];
		for (std::size_t f = 0; f < fields.size(); ++f)
		{
			const std::string problem = fieldProblem(*object, fields[f].asString());
			if (!problem.empty()) errors[at + ".fields[" + std::to_string(f) + "]"] = problem;
		}
		const std::string problem = settings.has("tracking_field") ? fieldProblem(*object, settings.getString("tracking_field")) : "";
		if (!problem.empty()) errors[at + ".tracking_field"] = problem;
	}
	if (!errors.empty()) throw ValidationError("the schemas name fields the source does not have", errors);
}


json::Value BulkSyncService::everySchema(const std::string& organizationId, const std::string& sourceConnectionId)
{
	if (!_schemaService) throw ValidationError("the bulk sync is not valid", {{"schemas", "is required: the objects of the source to copy"}});
	json::Value schemas = json::Value::array();
	const json::Value catalog = _schemaService->catalog(organizationId, sourceConnectionId);
	for (const auto& object: catalog["objects"].items())
	{
		FieldErrors ignored;
		schemas.push(schemaFromJson(object["id"], "", ignored));
	}
	return schemas;
}


namespace
{
	std::optional<long long> nextRun(const json::Value& schedule)
	{
		const auto next = Schedule::fromJson(schedule).nextAfter(std::time(nullptr));
		return next ? std::optional<long long>(static_cast<long long>(*next)) : std::nullopt;
	}
}


store::BulkSyncRecord BulkSyncService::create(const std::string& organizationId, const Input& input)
{
	store::BulkSyncRecord record = prepare(organizationId, input);
	if (!input.schemas.isNull()) checkFields(organizationId, input.sourceConnectionId, input.schemas, "schemas");
	if (_gate && record.active) _gate->requireActivation();
	store::BulkSyncRecord created = _syncs.create(record);
	_syncs.executions().setNextRun(created.id, nextRun(input.schedule));
	return created;
}


store::BulkSyncRecord BulkSyncService::get(const std::string& organizationId, const std::string& id)
{
	auto found = _syncs.find(organizationId, id);
	if (!found) throw NotFound("no bulk sync " + id);
	return *found;
}


std::vector<store::BulkSyncRecord> BulkSyncService::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	return _syncs.list(organizationId, limit, after);
}


std::vector<store::BulkSyncRecord> BulkSyncService::all(const std::string& organizationId)
{
	std::vector<store::BulkSyncRecord> out;
	for (std::string after;;)
	{
		const auto page = _syncs.list(organizationId, 100, after);
		out.insert(out.end(), page.begin(), page.end());
		if (page.size() < 100) return out;
		after = page.back().id;
	}
}


store::BulkSyncRecord BulkSyncService::replace(const std::string& organizationId, const std::string& id, const Input& input)
{
	const store::BulkSyncRecord existing = get(organizationId, id);
	// Without schemas a PUT keeps them: the SDK changes them through .../schemas.
	Input replacing = input;
	if (replacing.schemas.isNull()) replacing.schemas = json::Value::parse(existing.schemas);
	store::BulkSyncRecord record = prepare(organizationId, replacing);
	if (record.sourceConnectionId != existing.sourceConnectionId || record.destinationConnectionId != existing.destinationConnectionId)
		throw ValidationError("the connections of a bulk sync cannot change", {{"source_connection_id", "create a new bulk sync instead"}});
	// Only schemas the body sets are checked: kept ones may name a field a refresh since removed.
	if (!input.schemas.isNull()) checkFields(organizationId, input.sourceConnectionId, input.schemas, "schemas");
	record.id = id;
	if (_gate && record.active && !existing.active) _gate->requireActivation();
	if (record.mode != existing.mode) _syncs.clearStates(id); // a new mode starts from a full read
	_syncs.update(record);
	_syncs.executions().setNextRun(id, nextRun(input.schedule));
	return get(organizationId, id);
}


void BulkSyncService::remove(const std::string& organizationId, const std::string& id)
{
	if (auto running = _syncs.executions().active(get(organizationId, id).id))
		throw Conflict("execution " + running->id + " is " + running->status + "; cancel it first");
	_syncs.remove(organizationId, id);
}


store::BulkSyncRecord BulkSyncService::activate(const std::string& organizationId, const std::string& id, bool active)
{
	const store::BulkSyncRecord existing = get(organizationId, id);
	if (_gate && active && !existing.active) _gate->requireActivation();
	_syncs.setActive(organizationId, id, active);
	// As the SDK documents it: pausing a sync also stops the run under way.
	if (!active && _syncs.executions().active(existing.id)) cancel(organizationId, id);
	return get(organizationId, id);
}


store::ExecutionRecord BulkSyncService::start(const std::string& organizationId, const std::string& id, const StartOptions& options)
{
	const store::BulkSyncRecord sync = get(organizationId, id);
	const json::Value configured = json::Value::parse(sync.schemas);
	for (const auto& wanted: options.schemas.items())
	{
		bool enabled = false;
		for (const auto& s: configured.items()) enabled = enabled || (s.getString("id") == wanted.asString() && s.getBool("enabled", true));
		if (!enabled)
			throw ValidationError("the run cannot start", {{"schemas", "'" + wanted.asString() + "' is not an enabled schema of this bulk sync"}});
	}
	if (_gate) _gate->requireNewExecutions();
	auto queued = _syncs.executions().enqueue(sync.id, "manual", options.toJson().dump());
	if (!queued)
	{
		auto running = _syncs.executions().active(sync.id);
		throw Conflict("an execution of this bulk sync is already " + (running ? running->status + " (" + running->id + ")" : std::string("running")));
	}
	return *queued;
}


void BulkSyncService::cancel(const std::string& organizationId, const std::string& id)
{
	const store::BulkSyncRecord sync = get(organizationId, id);
	auto canceled = _syncs.executions().requestCancel(sync.id);
	if (!canceled) throw Conflict("no execution of this bulk sync is queued or running");
	if (_events && canceled->status == "canceled")
	{
		// It never started: no worker will announce it.
		json::Value payload = json::Value::object();
		payload.set("execution_id", canceled->id);
		payload.set("bulk_sync_id", sync.id);
		payload.set("name", sync.name);
		payload.set("status", "canceled");
		payload.set("trigger_source", canceled->trigger);
		_events->emit(organizationId, "bulk_sync.canceled", payload);
	}
}


void BulkSyncService::cancelExecution(const std::string& organizationId, const std::string& id, const std::string& executionId)
{
	const store::ExecutionRecord wanted = execution(organizationId, id, executionId);
	auto running = _syncs.executions().active(wanted.parentId);
	if (!running || running->id != wanted.id)
		throw Conflict("execution " + wanted.id + " is " + wanted.status + ": only a queued or running execution can be canceled");
	cancel(organizationId, id);
}


void BulkSyncService::cancelSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId)
{
	const store::BulkSyncRecord sync = get(organizationId, id);
	schema(organizationId, id, schemaId);
	auto running = _syncs.executions().active(sync.id);
	if (!running || (running->status != "queued" && running->status != "running"))
		throw Conflict("no execution of this bulk sync is queued or running; nothing of '" + schemaId + "' to cancel");
	const json::Value detail = json::Value::parse(running->detail);
	const json::Value results = detail.isArray() ? detail : json::Value::array();
	for (const auto& r: results.items())
	{
		if (r.getString("id") != schemaId) continue;
		const std::string status = r.getString("status");
		if (status != "running")
			throw Conflict("'" + schemaId + "' is already " + status + " in execution " + running->id + "; nothing of it to cancel");
	}
	if (!_syncs.requestSchemaCancel(running->id, schemaId))
		throw Conflict("execution " + running->id + " ended meanwhile; nothing of '" + schemaId + "' to cancel");
}


store::ExecutionRecord BulkSyncService::execution(const std::string& organizationId, const std::string& id, const std::string& executionId)
{
	auto found = _syncs.executions().find(get(organizationId, id).id, executionId);
	if (!found) throw NotFound("no execution " + executionId + " of bulk sync " + id);
	return *found;
}


std::vector<store::ExecutionRecord> BulkSyncService::executions(const std::string& organizationId, const std::string& id, std::size_t limit)
{
	return _syncs.executions().list(get(organizationId, id).id, limit);
}


std::vector<store::ExecutionRecord> BulkSyncService::executions(const std::string& organizationId, const std::string& id,
	const store::BulkExecutionPage& page)
{
	const std::string syncId = get(organizationId, id).id;
	std::vector<store::ExecutionRecord> out;
	for (const auto& executionId: _syncs.executionIds(syncId, page))
		if (auto found = _syncs.executions().find(syncId, executionId)) out.push_back(*found);
	return out;
}


json::Value BulkSyncService::schemas(const std::string& organizationId, const std::string& id)
{
	return json::Value::parse(get(organizationId, id).schemas);
}


json::Value BulkSyncService::schema(const std::string& organizationId, const std::string& id, const std::string& schemaId)
{
	const json::Value all = schemas(organizationId, id);
	for (const auto& s: all.items())
		if (s.getString("id") == schemaId) return s;
	throw NotFound("bulk sync " + id + " has no schema '" + schemaId + "'; add it with PUT /api/bulk/syncs/" + id + "/schemas/{schema_id}");
}


json::Value BulkSyncService::storeSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId,
	const std::string& path, const std::function<json::Value(const json::Value& current)>& change)
	/// Applies change to the schema's settings (null when the sync has none yet, which adds it) and saves them.
{
	const store::BulkSyncRecord sync = get(organizationId, id);
	const json::Value current = json::Value::parse(sync.schemas);
	json::Value updated = json::Value::array();
	json::Value result;
	for (const auto& s: current.items())
	{
		if (s.getString("id") != schemaId) updated.push(s);
		else updated.push(result = change(s));
	}
	if (result.isNull())
	{
		const json::Value catalog = _schemaService ? _schemaService->catalog(organizationId, sync.sourceConnectionId) : json::Value();
		if (_schemaService && !_schemaService->object(catalog, schemaId))
			throw NotFound("the source of bulk sync " + id + " has no object '" + schemaId + "'; refresh its schemas if it is new");
		updated.push(result = change(json::Value()));
	}
	json::Value checked = json::Value::array();
	checked.push(result);
	checkFields(organizationId, sync.sourceConnectionId, checked, path);
	_syncs.setSchemas(organizationId, id, updated.dump());
	return result;
}


json::Value BulkSyncService::replaceSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId,
	const json::Value& body)
{
	FieldErrors errors;
	json::Value item = body;
	item.set("id", schemaId);
	const json::Value settings = schemaFromJson(item, "schema", errors);
	if (!errors.empty()) throw ValidationError("the schema's settings are not valid", errors);
	return storeSchema(organizationId, id, schemaId, "schema", [&](const json::Value&) { return settings; });
}


json::Value BulkSyncService::patchSchemas(const std::string& organizationId, const std::string& id, const json::Value& items)
{
	FieldErrors errors;
	if (!items.isArray()) errors["schemas"] = "must be an array of schemas, each with its id";
	for (std::size_t i = 0; i < items.size(); ++i)
		if (!items[i].isObject() || !items[i]["id"].isString()) errors["schemas[" + std::to_string(i) + "]"] = "needs the schema's id";
	if (!errors.empty()) throw ValidationError("the schemas are not valid", errors);
	for (std::size_t i = 0; i < items.size(); ++i)
	{
		// Each settings the item names replace the current ones; the others stay.
		const std::string path = "schemas[" + std::to_string(i) + "]";
		const json::Value& item = items[i];
		storeSchema(organizationId, id, item.getString("id"), path, [&](const json::Value& current) {
			// Without fields (or with an empty list) the schema copies every field, as the SDK documents PATCH.
			json::Value merged = json::Value::object();
			if (current.isObject())
				for (const auto& [key, value]: current.members())
					if (key != "fields") merged.set(key, value);
			for (const auto& [key, value]: item.members()) merged.set(key, value);
			FieldErrors found;
			json::Value settings = schemaFromJson(merged, path, found);
			if (!found.empty()) throw ValidationError("the schemas are not valid", found);
			return settings;
		});
	}
	return schemas(organizationId, id);
}


namespace
{
	json::Value extraSchedule(const json::Value& schedule)
		/// A schedule beside the sync's own: one that falls due at set times.
	{
		const Schedule parsed = Schedule::fromJson(schedule);
		if (parsed.continuous() || parsed.frequency() == "runafter")
			throw ValidationError("the schedule is not valid", {{"schedule.frequency", "an extra schedule runs at set times (hourly, daily, weekly, "
				"custom) or never (manual); make continuous or runafter the bulk sync's own schedule (PUT /api/bulk/syncs/{id})"}});
		return schedule;
	}
}


std::vector<store::BulkSyncScheduleRecord> BulkSyncService::schedules(const std::string& organizationId, const std::string& id)
{
	return _syncs.schedules(get(organizationId, id).id);
}


store::BulkSyncScheduleRecord BulkSyncService::schedule(const std::string& organizationId, const std::string& id, const std::string& scheduleId)
{
	auto found = _syncs.findSchedule(get(organizationId, id).id, scheduleId);
	if (!found) throw NotFound("bulk sync " + id + " has no schedule " + scheduleId);
	return *found;
}


store::BulkSyncScheduleRecord BulkSyncService::addSchedule(const std::string& organizationId, const std::string& id, const json::Value& schedule)
{
	const std::string syncId = get(organizationId, id).id;
	return _syncs.createSchedule(syncId, extraSchedule(schedule).dump(), nextRun(schedule));
}


store::BulkSyncScheduleRecord BulkSyncService::replaceSchedule(const std::string& organizationId, const std::string& id,
	const std::string& scheduleId, const json::Value& schedule)
{
	const store::BulkSyncScheduleRecord existing = this->schedule(organizationId, id, scheduleId);
	_syncs.updateSchedule(existing.bulkSyncId, scheduleId, extraSchedule(schedule).dump(), nextRun(schedule));
	return this->schedule(organizationId, id, scheduleId);
}


void BulkSyncService::removeSchedule(const std::string& organizationId, const std::string& id, const std::string& scheduleId)
{
	if (!_syncs.removeSchedule(get(organizationId, id).id, scheduleId)) throw NotFound("bulk sync " + id + " has no schedule " + scheduleId);
}


std::optional<std::string> BulkSyncService::nextExecutionTime(const std::string& id)
{
	return _syncs.nextRunTime(id);
}


BulkSyncService::Status BulkSyncService::status(const std::string& organizationId, const std::string& id)
{
	const std::string syncId = get(organizationId, id).id;
	return Status{_syncs.executions().active(syncId), _syncs.executions().lastFinished(syncId)};
}


} } // namespace polytomic::engine
