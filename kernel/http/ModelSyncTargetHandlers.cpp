//
// ModelSyncTargetHandlers.cpp
//


#include "http/ModelSyncTargetHandlers.h"
#include "http/HttpError.h"
#include "http/ModelHandlers.h"
#include "http/SchemaHandlers.h"
#include "engine/SyncService.h"
#include "plugins/SyncOperation.h"


namespace polytomic {
namespace http {


namespace
{
	json::Value objectChoices(const json::Value& catalog)
		/// The catalog's objects as the SDK's {value, label} choices.
	{
		json::Value items = json::Value::array();
		for (const auto& o: catalog["objects"].items())
		{
			json::Value item = json::Value::object();
			item.set("value", o.getString("id"));
			item.set("label", o.getString("name", o.getString("id")));
			items.push(item);
		}
		return items;
	}


	json::Value sourceConfiguration(const json::Value& params)
		/// ?params={"table": ["schema.table"]} or {"query": ["SELECT ..."]} as a model's configuration.
	{
		json::Value configuration = json::Value::object();
		if (!params.isObject()) return configuration;
		for (const char* key: {"table", "query"})
		{
			const json::Value& value = params[key];
			if (value.isString()) configuration.set(key, value);
			else if (value.isArray() && value.size() == 1 && value[0].isString()) configuration.set(key, value[0]);
		}
		return configuration;
	}
}


ModelSyncTargetHandlers::ModelSyncTargetHandlers(engine::SchemaService& schemas, engine::ModelService& models):
	_schemas(schemas),
	_models(models)
{
}


json::Value ModelSyncTargetHandlers::modesOf(const plugins::PluginManifest& manifest)
{
	json::Value modes = json::Value::array();
	for (const auto& mode: engine::SyncService::modes())
	{
		uint32_t needed = static_cast<uint32_t>(plugins::writeModeOf(mode));
		if (mode == "snapshot") needed |= POLYTOMIC_MODE_REMOVE;
		if ((manifest.writeModes & needed) != needed) continue;
		json::Value m = json::Value::object();
		m.set("id", mode);
		m.set("mode", mode);
		m.set("label", mode);
		m.set("requires_identity", mode != "append");
		m.set("supports_per_field_mode", false);
		m.set("supports_field_sync_mode", false);
		m.set("supports_target_filters", false);
		modes.push(m);
	}
	return modes;
}


const plugins::PluginManifest& ModelSyncTargetHandlers::targetManifest(const std::string& organizationId, const std::string& connectionId)
{
	const plugins::PluginManifest& manifest = _schemas.manifestOf(organizationId, connectionId);
	if (!manifest.isDestination()) throw HttpError(422, "unprocessable", manifest.name + " connections cannot be a model sync target");
	return manifest;
}


void ModelSyncTargetHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	registerSource(router, access);
	registerTarget(router, access);
}


void ModelSyncTargetHandlers::registerSource(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/connections/{id}/modelsync/source", access.guard([this](Exchange& e, P p) {
		const plugins::PluginManifest& manifest = _schemas.manifestOf(p.organizationId, e.parameter("id"));
		if (!manifest.isSource()) throw HttpError(422, "unprocessable", manifest.name + " connections cannot be a model's source");
		const json::Value tables = objectChoices(_schemas.catalog(p.organizationId, e.parameter("id")));
		// A model is {"table": ...} or, where the connector runs queries, {"query": ...}.
		json::Value configuration = json::Value::object();
		json::Value table = json::Value::object();
		table.set("type", "string");
		table.set("items", tables);
		configuration.set("table", table);
		json::Value oneOf = json::Value::array();
		oneOf.push("table");
		if (manifest.capabilities & POLYTOMIC_CAP_QUERY)
		{
			json::Value query = json::Value::object();
			query.set("type", "string");
			query.set("items", json::Value::array());
			configuration.set("query", query);
			oneOf.push("query");
		}
		json::Value items = json::Value::object();
		json::Value tableItems = json::Value::object();
		tableItems.set("has_items", tables.size() > 0);
		tableItems.set("items", tables);
		items.set("table", tableItems);
		json::Value data = json::Value::object();
		data.set("configuration", configuration);
		data.set("items", items);
		data.set("requires_one_of", oneOf);
		e.sendData(data);
	}));
	router.add("GET", "/api/connections/{id}/modelsync/source/fields", access.guard([this](Exchange& e, P p) {
		json::Value params;
		try
		{
			params = json::Value::parse(e.query("params").empty() ? "{}" : e.query("params"));
		}
		catch (const std::exception&)
		{
			throw HttpError(400, "bad_request", "params must be JSON: {\"table\": [\"schema.table\"]} or {\"query\": [\"SELECT ...\"]}");
		}
		engine::ModelService::Input input;
		input.connectionId = e.parameter("id");
		input.configuration = sourceConfiguration(params);
		if (input.configuration.size() != 1)
			throw HttpError(400, "bad_request", "name the source in params: {\"table\": [\"schema.table\"]} or {\"query\": [\"SELECT ...\"]}");
		_models.connectionOf(p.organizationId, input.connectionId);
		e.sendData(ModelHandlers::fieldsJson(_models.preview(p.organizationId, input, 0).fields));
	}));
}


void ModelSyncTargetHandlers::registerTarget(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/connections/{id}/modelsync/target", access.guard([this](Exchange& e, P p) {
		targetManifest(p.organizationId, e.parameter("id"));
		// A target of these connectors is named by its object alone: nothing else to configure.
		json::Value data = json::Value::object();
		data.set("configuration", json::Value::object());
		data.set("items", json::Value::object());
		data.set("requires_one_of", json::Value::array());
		e.sendData(data);
	}));
	router.add("GET", "/api/connections/{id}/modelsync/targetobjects", access.guard([this](Exchange& e, P p) {
		const plugins::PluginManifest& manifest = targetManifest(p.organizationId, e.parameter("id"));
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::array();
		for (const auto& o: catalog["objects"].items())
		{
			json::Value object = json::Value::object();
			object.set("id", o.getString("id"));
			object.set("name", o.getString("name", o.getString("id")));
			object.set("modes", modesOf(manifest));
			data.push(object);
		}
		json::Value out = json::Value::object();
		out.set("data", data);
		json::Value creation = json::Value::object();
		creation.set("supported", true);   // a table that does not exist is created by the first write
		creation.set("properties", json::Value::array());
		out.set("target_creation", creation);
		e.sendJson(200, out.dump());
	}));
	router.add("GET", "/api/connections/{id}/modelsync/targetobjects/properties/{property}", access.guard([this](Exchange& e, P p) {
		const plugins::PluginManifest& manifest = targetManifest(p.organizationId, e.parameter("id"));
		throw HttpError(404, "not_found", "creating a target on " + manifest.name + " takes no property '" + e.parameter("property") +
			"' (target_creation.properties is empty): name the new table in target.object as schema.table");
	}));
	router.add("GET", "/api/connections/{id}/modelsync/target/fields", access.guard([this](Exchange& e, P p) {
		const std::string target = e.query("target");
		if (target.empty()) throw HttpError(400, "bad_request", "name the target object: ?target=<object id>");
		const plugins::PluginManifest& manifest = targetManifest(p.organizationId, e.parameter("id"));
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		const json::Value& object = _schemas.requireObject(catalog, e.parameter("id"), target);
		json::Value fields = json::Value::array();
		for (const auto& f: object["fields"].items())
		{
			json::Value field = SchemaHandlers::schemaFieldJson(f, object);
			const bool key = field.getBool("is_primary_key", false);
			// A connector may name other fields that each identify a record for writes (a CRM's unique email).
			bool identity = key;
			if (object["identity_fields"].isArray())
				for (const auto& name: object["identity_fields"].items()) identity = identity || name.asString() == f.getString("name");
			field.set("source_type", field["remote_type"]);
			field.set("required", !f.getBool("nullable", true) && !key);
			field.set("createable", true);
			field.set("updateable", !key);
			field.set("filterable", false);
			field.set("supports_identity", identity);
			json::Value functions = json::Value::array();
			if (identity)
			{
				json::Value equality = json::Value::object();
				equality.set("id", "Equality");
				equality.set("label", "Equality");
				functions.push(equality);
			}
			field.set("identity_functions", functions);
			fields.push(field);
		}
		json::Value data = json::Value::object();
		data.set("id", object.getString("id"));
		data.set("name", object.getString("name", object.getString("id")));
		data.set("fields", fields);
		data.set("modes", modesOf(manifest));
		json::Value properties = json::Value::object();
		properties.set("target_creator", true);
		properties.set("supports_field_creation", true);
		properties.set("supports_target_filters", false);
		data.set("properties", properties);
		const json::Value refreshed = _schemas.status(p.organizationId, e.parameter("id"))["refreshed_at"];
		if (refreshed.isString()) data.set("refreshed_at", refreshed);
		e.sendData(data);
	}));
}


} } // namespace polytomic::http
