//
// ModelHandlers.cpp
//


#include "http/ModelHandlers.h"
#include "http/ApiJson.h"


namespace polytomic {
namespace http {


namespace
{
	json::Value modelFields(const json::Value& fields)
		/// ModelField {id, name, label, type, remote_type}.
	{
		json::Value out = json::Value::array();
		for (const auto& f: fields.items())
		{
			const std::string type = f.getString("type");
			json::Value field = json::Value::object();
			field.set("id", f.getString("name"));
			field.set("name", f.getString("name"));
			field.set("label", f.getString("name"));
			field.set("type", publicFieldType(type));
			field.set("remote_type", type);
			out.push(field);
		}
		return out;
	}
}


ModelHandlers::ModelHandlers(engine::ModelService& models):
	_models(models)
{
}


json::Value ModelHandlers::modelJson(const store::ModelRecord& m)
{
	json::Value out = json::Value::object();
	out.set("id", m.id);
	out.set("name", m.name);
	out.set("organization_id", m.organizationId);
	out.set("connection_id", m.connectionId);
	const json::Value configuration = json::Value::parse(m.configuration);
	out.set("type", configuration["query"].isString() ? "query" : "table");
	out.set("configuration", configuration);
	out.set("identifier", optionalText(m.identifier));
	out.set("tracking_columns", json::Value::parse(m.trackingColumns));
	out.set("labels", json::Value::parse(m.labels));
	out.set("fields", modelFields(json::Value::parse(m.fields)));
	out.set("created_at", m.createdAt);
	out.set("updated_at", m.updatedAt);
	return out;
}


void ModelHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/models", access.guard([this](Exchange& e, P p) {
		const std::size_t limit = e.limit(50, 50);
		const auto models = _models.list(p.organizationId, limit + 1, e.query("page_token"));
		json::Value data = json::Value::array();
		for (std::size_t i = 0; i < models.size() && i < limit; ++i) data.push(modelJson(models[i]));
		e.sendPage(data, models.size() > limit ? models[limit - 1].id : std::string());
	}));
	router.add("POST", "/api/models", access.guard([this](Exchange& e, P p) {
		e.sendData(modelJson(_models.create(p.organizationId, engine::ModelService::Input::fromJson(e.bodyObject()))));
	}));
	router.add("GET", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(modelJson(_models.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(modelJson(_models.replace(p.organizationId, e.parameter("id"), engine::ModelService::Input::fromJson(e.bodyObject()))));
	}));
	router.add("DELETE", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		_models.remove(p.organizationId, e.parameter("id"));
		e.sendNoContent();
	}));
	router.add("GET", "/api/models/{id}/sample", access.guard([this](Exchange& e, P p) {
		e.sendData(_models.sample(p.organizationId, e.parameter("id"), static_cast<int>(e.limit(10, 100))));
	}));
	router.add("POST", "/api/model-preview", access.guard([this](Exchange& e, P p) {
		const auto preview = _models.preview(p.organizationId, engine::ModelService::Input::fromJson(e.bodyObject(), false), 10);
		json::Value data = json::Value::object();
		data.set("fields", modelFields(preview.fields));
		data.set("records", preview.sample);
		e.sendData(data);
	}));
}


} } // namespace polytomic::http
