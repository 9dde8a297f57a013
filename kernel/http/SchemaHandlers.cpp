//
// SchemaHandlers.cpp
//


#include "http/SchemaHandlers.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include "engine/EngineError.h"
#include <algorithm>
#include "engine/SyncService.h"
#include "plugins/SyncOperation.h"
#include <set>


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


json::Value SchemaHandlers::userFieldJson(const json::Value& field, const json::Value& object)
{
	const std::string id = field.getString("field_id");
	const std::string type = field.getString("type");
	const auto& types = engine::SchemaService::userFieldTypes();
	const bool typed = std::find(types.begin(), types.end(), type) != types.end();   // else stored before types were checked
	json::Value out = json::Value::object();
	out.set("id", id);
	out.set("name", field.getString("label", id));
	out.set("type", typed ? type : publicFieldType(type));
	out.set("remote_type", type);
	out.set("is_primary_key", listed(object["primary_key"], id));
	out.set("user_defined", true);
	if (field.has("path")) out.set("path", field["path"]);
	return out;
}


json::Value SchemaHandlers::statusJson(const json::Value& status)
{
	// The SDK's BulkSyncSourceStatus: a cache that is fresh, refreshing, failed or empty, and when.
	const std::string state = status.getString("status");
	json::Value out = json::Value::object();
	out.set("cache_status", state == "ready" ? "fresh" : state == "never" ? "empty" : state);
	if (status["refresh_started_at"].isString()) out.set("last_refresh_started", status["refresh_started_at"]);
	if (status["refreshed_at"].isString()) out.set("last_refresh_finished", status["refreshed_at"]);
	if (status["error"].isString()) out.set("error", status["error"]);
	return out;
}


std::vector<std::string> SchemaHandlers::primaryKeyOf(const json::Value& body)
{
	const json::Value& fields = body["fields"];
	const auto refuse = [] {
		throw engine::ValidationError("the primary key is not valid",
			{{"fields", "must be an array of {field_id, is_primary_key} (an empty array resets the key)"}});
	};
	if (!fields.isNull() && !fields.isArray()) refuse();
	std::vector<std::string> key;
	std::set<std::string> named;
	if (fields.isArray())
		for (std::size_t i = 0; i < fields.size(); ++i)
		{
			const json::Value& f = fields[i];
			if (!f.isObject() || !f["field_id"].isString() || f.getString("field_id").empty() || !f["is_primary_key"].isBool()) refuse();
			// A field named twice says two things of itself: neither is taken over the other.
			if (!named.insert(f.getString("field_id")).second)
				throw engine::ValidationError("the primary key is not valid", {{"fields[" + std::to_string(i) + "].field_id",
					"'" + f.getString("field_id") + "' is named twice; name each field once"}});
			if (f["is_primary_key"].asBool()) key.push_back(f.getString("field_id"));
		}
	return key;
}


void SchemaHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
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
		// As the SDK documents it: accepted, and where to watch it.
		e.response().set("Location", e.absoluteUrl("/api/connections/" + e.parameter("id") + "/schemas/status"));
		json::Value body = json::Value::object();
		body.set("data", statusJson(_schemas.status(p.organizationId, e.parameter("id"))));
		e.sendJson(202, body.dump());
	}));
	router.add("GET", "/api/connections/{id}/schemas/status", access.guard([this](Exchange& e, P p) {
		e.sendData(statusJson(_schemas.status(p.organizationId, e.parameter("id"))));
	}));
	router.add("GET", "/api/connections/{id}/schemas/{schema_id}", access.guard([this](Exchange& e, P p) {
		const json::Value catalog = _schemas.catalog(p.organizationId, e.parameter("id"));
		const json::Value& object = _schemas.requireObject(catalog, e.parameter("id"), e.parameter("schema_id"));
		json::Value schema = json::Value::object();
		schema.set("id", object.getString("id"));
		schema.set("name", object.getString("name", object.getString("id")));
		json::Value fields = json::Value::array();
		for (const auto& f: object["fields"].items()) fields.push(schemaFieldJson(f, object));
		if (object["user_fields"].isArray())
			for (const auto& f: object["user_fields"].items()) fields.push(userFieldJson(f, object));
		schema.set("fields", fields);
		e.sendData(schema);
	}));
	router.add("GET", "/api/connections/{id}/schemas/{schema_id}/records", access.guard([this](Exchange& e, P p) {
		// An unknown connection or schema is 404 here, before the preview (whose input errors are 400s).
		_schemas.requireObject(_schemas.catalog(p.organizationId, e.parameter("id")), e.parameter("id"), e.parameter("schema_id"));
		engine::ModelService::Input input;
		input.connectionId = e.parameter("id");
		input.configuration = json::Value::object();
		input.configuration.set("table", e.parameter("schema_id"));
		e.sendData(_models.preview(p.organizationId, input, static_cast<int>(e.limit(10, 100))).sample);
	}));
	router.add("POST", "/api/connections/{id}/schemas/{schema_id}/fields", access.guard([this](Exchange& e, P p) {
		const json::Value body = e.bodyObject(true);
		_schemas.upsertFields(p.organizationId, e.parameter("id"), e.parameter("schema_id"), body["fields"]);
		e.sendData(_schemas.userFields(p.organizationId, e.parameter("id"), e.parameter("schema_id")));
	}));
	router.add("DELETE", "/api/connections/{id}/schemas/{schema_id}/fields/{field_id}", access.guard([this](Exchange& e, P p) {
		_schemas.removeField(p.organizationId, e.parameter("id"), e.parameter("schema_id"), e.parameter("field_id"));
		e.sendNoContent();
	}));
	router.add("PUT", "/api/connections/{id}/schemas/{schema_id}/primary_keys", access.guard([this](Exchange& e, P p) {
		_schemas.setPrimaryKey(p.organizationId, e.parameter("id"), e.parameter("schema_id"), primaryKeyOf(e.bodyObject(true)));
		e.sendNoContent();
	}));
	router.add("DELETE", "/api/connections/{id}/schemas/{schema_id}/primary_keys", access.guard([this](Exchange& e, P p) {
		_schemas.resetPrimaryKey(p.organizationId, e.parameter("id"), e.parameter("schema_id"));
		e.sendNoContent();
	}));
}


} } // namespace polytomic::http
