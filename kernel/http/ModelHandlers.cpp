//
// ModelHandlers.cpp
//


#include "http/ModelHandlers.h"
#include "http/ApiJson.h"
#include "http/HttpError.h"
#include "http/JobHandlers.h"


namespace polytomic {
namespace http {


ModelHandlers::ModelHandlers(engine::ModelService& models, engine::JobRunner& jobs):
	_models(models),
	_jobs(jobs)
{
}


json::Value ModelHandlers::fieldsJson(const json::Value& fields)
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
		field.set("user_added", false);
		out.push(field);
	}
	return out;
}


json::Value ModelHandlers::modelJson(const store::ModelRecord& m)
{
	json::Value out = json::Value::object();
	if (!m.id.empty()) out.set("id", m.id);
	out.set("name", m.name);
	out.set("organization_id", m.organizationId);
	out.set("connection_id", m.connectionId);
	const json::Value configuration = json::Value::parse(m.configuration);
	out.set("type", configuration["query"].isString() ? "query" : "table");
	out.set("configuration", configuration);
	if (m.identifier) out.set("identifier", *m.identifier);
	out.set("tracking_columns", json::Value::parse(m.trackingColumns));
	// The SDK gives labels back as objects (LabelLabel); they are sent as names.
	json::Value labels = json::Value::array();
	const json::Value names = json::Value::parse(m.labels);
	for (const auto& name: names.items())
	{
		json::Value label = json::Value::object();
		label.set("name", name);
		labels.push(label);
	}
	out.set("labels", labels);
	out.set("fields", fieldsJson(json::Value::parse(m.fields)));
	out.set("policies", json::Value::parse(m.policies));
	out.set("relations", json::Value::array());
	if (!m.createdAt.empty()) out.set("created_at", m.createdAt);
	if (!m.updatedAt.empty()) out.set("updated_at", m.updatedAt);
	return out;
}


json::Value ModelHandlers::sampleJson(const std::string& modelId, const json::Value& records)
{
	json::Value keyed = json::Value::array();
	for (const auto& record: records.items())
	{
		json::Value one = json::Value::object();
		one.set(modelId, record);
		keyed.push(one);
	}
	json::Value out = json::Value::object();
	out.set("records", keyed);
	out.set("warnings", json::Value::array());
	return out;
}


void ModelHandlers::answer(Exchange& e, const auth::Principal& p, const std::string& jobType, engine::JobRunner::Work work)
{
	if (JobHandlers::asynchronous(e)) JobHandlers::sendSubmitted(e, JobHandlers::submit(_jobs, p, jobType, std::move(work)));
	// Synchronous too through the runner: its bounds and turns hold for every executor a request starts.
	else e.sendData(JobHandlers::perform(_jobs, p, jobType, std::move(work)));
}


void ModelHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	// A job's work holds the ModelService, never this: the JobRunner may outlive the handlers.
	using P = const auth::Principal&;
	using Input = engine::ModelService::Input;
	router.add("GET", "/api/models", access.guard([this](Exchange& e, P p) {
		// The SDK's list takes no page token: without ?limit the answer is the whole list.
		const bool paged = !e.query("limit").empty() || !e.query("page_token").empty();
		const std::size_t limit = paged ? e.limit(50, 50) : LIST_PAGE;
		json::Value data = json::Value::array();
		std::string after = e.query("page_token");
		for (;;)
		{
			const auto models = _models.list(p.organizationId, limit + 1, after);
			for (std::size_t i = 0; i < models.size() && i < limit; ++i) data.push(modelJson(models[i]));
			after = models.size() > limit ? models[limit - 1].id : std::string();
			if (paged || after.empty()) break;
		}
		e.sendJson(200, pageJson(data, after).dump());
	}));
	router.add("POST", "/api/models", access.guard([this](Exchange& e, P p) {
		const Input input = Input::fromJson(e.bodyObject());
		const std::string organization = p.organizationId;
		answer(e, p, "createmodel", [&models = _models, input, organization] { return modelJson(models.create(organization, input)); });
	}));
	router.add("GET", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		JobHandlers::asynchronous(e);   // checked; a read answers at once either way
		e.sendData(modelJson(_models.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		const Input input = Input::fromJson(e.bodyObject());
		const std::string organization = p.organizationId;
		const std::string id = e.parameter("id");
		_models.get(organization, id);   // an unknown model is 404 now, not a failed job later
		answer(e, p, "updatemodel", [&models = _models, input, organization, id] { return modelJson(models.replace(organization, id, input)); });
	}));
	router.add("DELETE", "/api/models/{id}", access.guard([this](Exchange& e, P p) {
		JobHandlers::asynchronous(e);   // checked; a removal is done at once either way
		_models.remove(p.organizationId, e.parameter("id"));
		e.sendNoContent();
	}));
	router.add("GET", "/api/models/{id}/sample", access.guard([this](Exchange& e, P p) {
		const std::string organization = p.organizationId;
		const std::string id = _models.get(organization, e.parameter("id")).id;
		const int rows = static_cast<int>(e.limit(10, 100));
		answer(e, p, "samplemodel", [&models = _models, organization, id, rows] { return sampleJson(id, models.sample(organization, id, rows)); });
	}));
	router.add("POST", "/api/model-preview", access.guard([this](Exchange& e, P p) {
		const Input input = Input::fromJson(e.bodyObject(), false);
		const std::string organization = p.organizationId;
		answer(e, p, "previewmodel", [&models = _models, input, organization] { return modelJson(models.draft(organization, input)); });
	}));
	registerEnrichment(router, access);
}


void ModelHandlers::registerEnrichment(Router& router, const ApiAccess& access)
{
	// The SDK documents 404 for a connection that cannot enrich; no connector here can.
	using P = const auth::Principal&;
	const auto refuse = [](const std::string& connectionId) {
		throw HttpError(404, "not_found", "connection " + connectionId + " cannot enrich a model: no enrichment connector is installed "
			"in this deployment; map the fields of the model itself instead");
	};
	router.add("GET", "/api/connections/{id}/modelsync/enrichment-source", access.guard([this, refuse](Exchange& e, P p) {
		_models.connectionOf(p.organizationId, e.parameter("id"));
		refuse(e.parameter("id"));
	}));
	router.add("POST", "/api/enrichment/{connection_id}/inputfields", access.guard([this, refuse](Exchange& e, P p) {
		_models.connectionOf(p.organizationId, e.parameter("connection_id"));
		refuse(e.parameter("connection_id"));
	}));
}


} } // namespace polytomic::http
