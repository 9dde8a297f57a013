//
// SchemaHandlers.cpp
//


#include "http/SchemaHandlers.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include "engine/SyncService.h"
#include "plugins/SyncOperation.h"


namespace polytomic {
namespace http {


namespace
{
	bool listed(const json::Value& list, const std::string& name)
	{
		for (const auto& item: list.items())
			if (item.isString() && item.asString() == name) return true;
		return false;
	}

}


SchemaHandlers::SchemaHandlers(engine::SchemaService& schemas, engine::ModelService& models):
	_schemas(schemas),
	_models(models)
{
}


json::Value SchemaHandlers::schemaFieldJson(const json::Value& field, const json::Value& object)
{
	const std::string name = field.getString("name");
	json::Value out = json::Value::object();
	out.set("id", name);
	out.set("name", name);
	out.set("type", publicFieldType(field.getString("type")));
	out.set("remote_type", field["source_type"].isString() ? field["source_type"] : field["type"]);
	out.set("is_primary_key", listed(object["primary_key"], name));
	return out;
}


void SchemaHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	const auto objectOf = [this](const json::Value& catalog, const std::string& id, const std::string& connection) -> const json::Value& {
		const json::Value* object = _schemas.object(catalog, id);
		if (!object) throw HttpError(404, "not_found", "connection " + connection + " has no object '" + id + "'; refresh its schemas if it is new");
		return *object;
	};
	router.add("GET", "/api/connections/{id}/schemas", access.guard([this](Exchange& e, P p) {
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		json::Value data = json::Value::array();
		for (const auto& o: catalog["objects"].items())
		{
			json::Value schema = json::Value::object();
			schema.set("id", o.getString("id"));
			schema.set("name", o.getString("name", o.getString("id")));
			data.push(schema);
		}
		e.sendData(data);
	}));
	router.add("POST", "/api/connections/{id}/schemas/refresh", access.guard([this](Exchange& e, P p) {
		_schemas.refresh(p.organizationId, e.parameter("id"));
		e.sendData(_schemas.status(p.organizationId, e.parameter("id")));
	}));
	router.add("GET", "/api/connections/{id}/schemas/status", access.guard([this](Exchange& e, P p) {
		e.sendData(_schemas.status(p.organizationId, e.parameter("id")));
	}));
	router.add("GET", "/api/connections/{id}/schemas/{schema_id}", access.guard([this, objectOf](Exchange& e, P p) {
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		const json::Value& object = objectOf(catalog, e.parameter("schema_id"), e.parameter("id"));
		json::Value schema = json::Value::object();
		schema.set("id", object.getString("id"));
		schema.set("name", object.getString("name", object.getString("id")));
		json::Value fields = json::Value::array();
		for (const auto& f: object["fields"].items()) fields.push(schemaFieldJson(f, object));
		schema.set("fields", fields);
		e.sendData(schema);
	}));
	router.add("GET", "/api/connections/{id}/schemas/{schema_id}/records", access.guard([this](Exchange& e, P p) {
		engine::ModelService::Input input;
		input.connectionId = e.parameter("id");
		input.configuration = json::Value::object();
		input.configuration.set("table", e.parameter("schema_id"));
		e.sendData(_models.preview(p.organizationId, input, static_cast<int>(e.limit(10, 100))).sample);
	}));
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
				for (const auto& f: o["fields"].items()) fields.push(schemaFieldJson(f, o));
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
			"modes": [{"id": "snapshot", "label": "Snapshot", "description": "Every run copies every record; the tables end equal to the source."},
			{"id": "replicate", "label": "Replicate", "description": "Each run copies what changed since the last, on a tracking field."}]})");
		e.sendData(data);
	}));
}


} } // namespace polytomic::http
