//
// ModelService.cpp
//


#include "engine/ModelService.h"
#include "engine/BodyFields.h"
#include "engine/EngineError.h"
#include "plugins/PluginError.h"
#include <algorithm>


namespace polytomic {
namespace engine {


namespace
{
	std::vector<std::string> namesOf(const json::Value& body, const std::string& key, FieldErrors& errors)
		/// An optional array of field names.
	{
		std::vector<std::string> names;
		if (body[key].isNull()) return names;
		if (!body[key].isArray()) errors[key] = "must be an array of field names";
		else
			for (const auto& c: body[key].items())
			{
				if (!c.isString()) errors[key] = "must be an array of field names";
				else names.push_back(c.asString());
			}
		return names;
	}


	void refuseUnkept(const json::Value& body, FieldErrors& errors)
		/// Parts of the SDK's model that nothing here could honour: refused, so
		/// that no one believes a model enriches or relates when it does not.
	{
		if (!body["enricher"].isNull() && !(body["enricher"].isObject() && body["enricher"].size() == 0))
			errors["enricher"] = "no enrichment connector is installed in this deployment; remove the enricher";
		if (body["additional_fields"].size() > 0)
			errors["additional_fields"] = "user-added fields are not supported; select the value as a column of the query instead";
		if (body["relations"].size() > 0)
			errors["relations"] = "relations between models are not supported; join the tables in the model's query instead";
	}
}


json::Value exposed(const json::Value& fields, const std::vector<std::string>& names)
{
	if (names.empty()) return fields;
	json::Value kept = json::Value::array();
	for (const auto& f: fields.items())
		if (std::find(names.begin(), names.end(), f.getString("name")) != names.end()) kept.push(f);
	return kept;
}


json::Value modelReadSpec(const json::Value& configuration)
{
	json::Value read = json::Value::object();
	if (configuration["query"].isString()) read.set("query", configuration["query"]);
	else read.set("object", configuration["table"]);
	return read;
}


ModelService::Input ModelService::Input::fromJson(const json::Value& body, bool named)
{
	FieldErrors errors;
	Input in;
	if (named) in.name = nameField(body, errors);
	if (!body["connection_id"].isString() || body.getString("connection_id").empty()) errors["connection_id"] = "is required (a string)";
	in.connectionId = body.getString("connection_id");
	in.configuration = body["configuration"];
	const bool query = in.configuration["query"].isString() && !in.configuration.getString("query").empty();
	const bool table = in.configuration["table"].isString() && !in.configuration.getString("table").empty();
	if (!in.configuration.isObject() || query == table)
		errors["configuration"] = "must be {\"query\": \"SELECT ...\"} or {\"table\": \"schema.table\"} (one of the two)";
	textField(in.configuration, "query", "configuration.query", errors);
	textField(in.configuration, "table", "configuration.table", errors);
	if (!body["identifier"].isNull() && !body["identifier"].isString()) errors["identifier"] = "must be a field name";
	in.identifier = body.getString("identifier");
	in.trackingColumns = namesOf(body, "tracking_columns", errors);
	in.fields = namesOf(body, "fields", errors);
	in.policies = body["policies"].isArray() ? body["policies"] : json::Value::array();
	if (!body["policies"].isNull() && !body["policies"].isArray()) errors["policies"] = "must be an array of policy ids";
	for (const auto& policy: in.policies.items())
		if (!policy.isString()) errors["policies"] = "must be an array of policy ids";
	refuseUnkept(body, errors);
	in.labels = body["labels"].isArray() ? body["labels"] : json::Value::array();
	if (!body["labels"].isNull() && !body["labels"].isArray()) errors["labels"] = "must be an array of strings";
	for (const auto& label: in.labels.items())
		if (!label.isString()) errors["labels"] = "must be an array of strings";
	if (!errors.empty()) throw ValidationError("the model is not valid", errors);
	return in;
}


ModelService::ModelService(store::ModelRepository& models, store::SyncRepository& syncs, store::ConnectionRepository& connections,
	ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor):
	_models(models),
	_syncs(syncs),
	_connections(connections),
	_connectionService(connectionService),
	_catalog(catalog),
	_executor(executor)
{
}


ModelService::Preview ModelService::preview(const std::string& organizationId, const Input& input, int sampleRows)
{
	auto connection = _connections.find(organizationId, input.connectionId);
	if (!connection) throw ValidationError("the model is not valid", {{"connection_id", "no connection " + input.connectionId}});
	const plugins::PluginManifest* manifest = _catalog.find(connection->type);
	if (!manifest) throw ValidationError("the model is not valid", {{"connection_id", "its connection type '" + connection->type + "' is not loaded"}});
	if (!manifest->isSource()) throw ValidationError("the model is not valid", {{"connection_id", manifest->name + " connections cannot be a source"}});
	if (input.configuration["query"].isString() && !(manifest->capabilities & POLYTOMIC_CAP_QUERY))
		throw ValidationError("the model is not valid", {{"configuration.query", manifest->name + " connections do not run queries; use {\"table\": ...}"}});
	json::Value read = modelReadSpec(input.configuration);
	read.set("max_rows", static_cast<long long>(std::max(sampleRows, 1)));
	read.set("sample_rows", static_cast<long long>(sampleRows));
	read.set("batch_rows", static_cast<long long>(std::max(sampleRows, 1)));
	json::Value request = json::Value::object();
	request.set("plugin", manifest->path);
	request.set("operation", "read");
	request.set("config", _connectionService.configuration(*connection));
	request.set("read", read);
	json::Value result;
	const auto tokens = _connectionService.tokensFor({{"", *connection}});
	try
	{
		result = _executor.run(request, nullptr, nullptr, tokens.get());
	}
	catch (const plugins::ConnectorError& e)
	{
		throw ValidationError("the model's query or table cannot be read", {{"configuration", e.what()}});
	}
	// Sample records as the public API gives them: {field: value}.
	json::Value sample = json::Value::array();
	for (const auto& row: result["sample"].items())
	{
		json::Value record = json::Value::object();
		for (std::size_t i = 0; i < row.size() && i < result["fields"].size(); ++i) record.set(result["fields"][i].getString("name"), row[i]);
		sample.push(record);
	}
	const std::size_t rowsRead = static_cast<std::size_t>(std::max<int64_t>(result.getInt64("rows", 0), 0));
	const bool cut = sample.size() < std::min(rowsRead, static_cast<std::size_t>(std::max(sampleRows, 0))) ||
		result.getBool("sample_values_cut", false);
	return Preview{result["fields"], sample, cut};
}


void ModelService::checkQuery(const std::string& organizationId, const std::string& connectionId, const std::string& query)
{
	const store::ConnectionRecord connection = connectionOf(organizationId, connectionId);
	if (query.empty() || characters(query) > MAX_QUERY_CHARACTERS)
		throw ValidationError("the query is not valid", {{"query", "is required (1-" + std::to_string(MAX_QUERY_CHARACTERS) + " characters)"}});
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest || !manifest->isSource() || !(manifest->capabilities & POLYTOMIC_CAP_QUERY))
		throw ValidationError("the connection runs no queries", {{"connection_id", (manifest ? manifest->name : connection.type) +
			" connections do not run queries"}});
}


json::Value ModelService::query(const std::string& organizationId, const std::string& connectionId, const std::string& query)
{
	Input input;
	input.connectionId = connectionId;
	input.configuration = json::Value::object();
	input.configuration.set("query", query);
	// One row more than kept: whether the result was cut is known.
	const Preview read = preview(organizationId, input, MAX_QUERY_ROWS + 1);
	json::Value rows = json::Value::array();
	for (const auto& row: read.sample.items())
		if (rows.size() < static_cast<std::size_t>(MAX_QUERY_ROWS)) rows.push(row);
	bool cut = false;
	const json::Value kept = bounded(rows, QUERY_RESULT_BYTES, cut);
	json::Value fields = json::Value::array();
	for (const auto& f: read.fields.items()) fields.push(f.getString("name"));
	json::Value out = json::Value::object();
	out.set("fields", fields);
	out.set("results", kept);
	out.set("count", static_cast<long long>(kept.size()));
	out.set("truncated", read.cut || read.sample.size() > static_cast<std::size_t>(MAX_QUERY_ROWS) || cut);
	return out;
}


json::Value ModelService::bounded(const json::Value& rows, std::size_t maxBytes, bool& truncated)
{
	json::Value kept = json::Value::array();
	std::size_t bytes = 2;
	truncated = false;
	for (const auto& row: rows.items())
	{
		const std::size_t size = row.dump().size() + 1;
		if (bytes + size > maxBytes)
		{
			truncated = true;
			break;
		}
		bytes += size;
		kept.push(row);
	}
	return kept;
}


store::ModelRecord ModelService::draft(const std::string& organizationId, const Input& input)
{
	const Preview found = preview(organizationId, input, 0);
	std::map<std::string, std::string> errors;
	const auto hasField = [&](const std::string& name) {
		for (const auto& f: found.fields.items())
			if (f.getString("name") == name) return true;
		return false;
	};
	if (found.fields.size() == 0) errors["configuration"] = "the query or table has no columns (or returned no rows to learn them from)";
	if (!input.identifier.empty() && found.fields.size() && !hasField(input.identifier))
		errors["identifier"] = "the model has no field '" + input.identifier + "'";
	for (const auto& c: input.trackingColumns)
		if (found.fields.size() && !hasField(c)) errors["tracking_columns"] = "the model has no field '" + c + "'";
	for (const auto& f: input.fields)
		if (found.fields.size() && !hasField(f)) errors["fields"] = "the model has no field '" + f + "'";
	if (!errors.empty()) throw ValidationError("the model is not valid", errors);
	store::ModelRecord record;
	record.organizationId = organizationId;
	record.name = input.name;
	record.connectionId = input.connectionId;
	record.configuration = input.configuration.dump();
	if (!input.identifier.empty()) record.identifier = input.identifier;
	json::Value tracking = json::Value::array();
	for (const auto& c: input.trackingColumns) tracking.push(c);
	record.trackingColumns = tracking.dump();
	record.labels = input.labels.dump();
	record.policies = input.policies.dump();
	record.fields = exposed(found.fields, input.fields).dump();
	return record;
}


store::ConnectionRecord ModelService::connectionOf(const std::string& organizationId, const std::string& connectionId)
{
	return _connectionService.get(organizationId, connectionId);
}


store::ModelRecord ModelService::create(const std::string& organizationId, const Input& input)
{
	return _models.create(draft(organizationId, input));
}


store::ModelRecord ModelService::get(const std::string& organizationId, const std::string& id)
{
	auto found = _models.find(organizationId, id);
	if (!found) throw NotFound("no model " + id);
	return *found;
}


std::vector<store::ModelRecord> ModelService::list(const std::string& organizationId, std::size_t limit, const std::string& after)
{
	return _models.list(organizationId, limit, after);
}


store::ModelRecord ModelService::replace(const std::string& organizationId, const std::string& id, const Input& input)
{
	get(organizationId, id);
	store::ModelRecord record = draft(organizationId, input);
	record.id = id;
	_models.update(record);
	return get(organizationId, id);
}


void ModelService::remove(const std::string& organizationId, const std::string& id)
{
	const store::ModelRecord model = get(organizationId, id);
	if (_syncs.usesModel(model.id)) throw InUse("model " + id + " is read by model syncs; delete them first");
	_models.remove(organizationId, id);
}


json::Value ModelService::sample(const std::string& organizationId, const std::string& id, int rows)
{
	const store::ModelRecord model = get(organizationId, id);
	Input input;
	input.connectionId = model.connectionId;
	input.configuration = json::Value::parse(model.configuration);
	return preview(organizationId, input, rows).sample;
}


} } // namespace polytomic::engine
