//
// BulkSyncService.cpp
//


#include "engine/BulkSyncService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "engine/Schedule.h"
#include <ctime>


namespace polytomic {
namespace engine {


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
	in.schemas = json::Value::array();
	if (!body["schemas"].isArray() || body["schemas"].size() == 0) errors["schemas"] = "is required: the objects of the source to copy";
	else
		for (const auto& item: body["schemas"].items())
		{
			const std::string id = item.isString() ? item.asString() : item.getString("id");
			if (id.empty()) errors["schemas"] = "each entry is an object id or {\"id\": ...}";
			json::Value schema = json::Value::object();
			schema.set("id", id);
			if (item.isObject() && !item["tracking_field"].isNull())
			{
				if (item["tracking_field"].isString()) schema.set("tracking_field", item["tracking_field"]);
				else errors["schemas"] = "tracking_field of " + id + " must be a field name";
			}
			if (item.isObject() && !item["fields"].isNull())
			{
				// {"fields": ["id", "name"]} or [{"id": "name", "enabled": true}]: the fields to copy (all when absent).
				json::Value fields = json::Value::array();
				if (!item["fields"].isArray()) errors["schemas"] = "fields of " + id + " must be an array of field names";
				else
					for (const auto& f: item["fields"].items())
					{
						if (f.isString()) fields.push(f);
						else if (!f.isObject() || !f["id"].isString() || (!f["enabled"].isNull() && !f["enabled"].isBool()))
							errors["schemas"] = "fields of " + id + " must be field names or {\"id\": name, \"enabled\": true|false}";
						else if (f.getBool("enabled", true)) fields.push(f["id"]);
					}
				schema.set("fields", fields);
			}
			in.schemas.push(schema);
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
	if (!errors.empty()) throw ValidationError("the bulk sync is not valid", errors);
	return in;
}


BulkSyncService::BulkSyncService(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections,
	const plugins::PluginCatalog& catalog, WebhookService* events, const license::LicenseGate* gate):
	_syncs(syncs),
	_connections(connections),
	_catalog(catalog),
	_events(events),
	_gate(gate)
{
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
		else if (!source && !(manifest->writeModes & (POLYTOMIC_MODE_SNAPSHOT | POLYTOMIC_MODE_UPDATE_OR_CREATE)))
			errors[field] = manifest->name + " connections cannot be a bulk sync destination (they need the snapshot and updateOrCreate modes)";
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
	record.schemas = input.schemas.dump();
	record.active = input.active;
	return record;
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


store::BulkSyncRecord BulkSyncService::replace(const std::string& organizationId, const std::string& id, const Input& input)
{
	const store::BulkSyncRecord existing = get(organizationId, id);
	store::BulkSyncRecord record = prepare(organizationId, input);
	if (record.sourceConnectionId != existing.sourceConnectionId || record.destinationConnectionId != existing.destinationConnectionId)
		throw ValidationError("the connections of a bulk sync cannot change", {{"source_connection_id", "create a new bulk sync instead"}});
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


store::ExecutionRecord BulkSyncService::start(const std::string& organizationId, const std::string& id)
{
	const store::BulkSyncRecord sync = get(organizationId, id);
	if (_gate) _gate->requireNewExecutions();
	auto queued = _syncs.executions().enqueue(sync.id, "manual");
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


BulkSyncService::Status BulkSyncService::status(const std::string& organizationId, const std::string& id)
{
	const std::string syncId = get(organizationId, id).id;
	return Status{_syncs.executions().active(syncId), _syncs.executions().lastFinished(syncId)};
}


} } // namespace polytomic::engine
