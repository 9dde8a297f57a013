//
// EventHandlers.cpp
//


#include "http/EventHandlers.h"
#include "engine/EngineError.h"
#include "http/HttpError.h"
#include "plugins/BatchJson.h"
#include "Poco/NumberParser.h"
#include <algorithm>


namespace polytomic {
namespace http {


namespace
{
	const int64_t YEAR_ONE_MICROS = -62135596800LL * 1000000;
		/// 0001-01-01T00:00:00Z: PostgreSQL has no year 0.
}


EventHandlers::EventHandlers(engine::WebhookService& webhooks, store::EventRepository& events):
	_webhooks(webhooks),
	_events(events)
{
}


const std::vector<std::string>& EventHandlers::eventTypes()
{
	static const std::vector<std::string> types = {"sync.running", "sync.completed", "sync.completed_with_errors", "sync.failed",
		"sync.canceled", "bulk_sync.running", "bulk_sync.completed", "bulk_sync.completed_with_error", "bulk_sync.failed",
		"bulk_sync.canceled"};
	return types;
}


json::Value EventHandlers::eventJson(const store::EventRecord& event)
{
	json::Value out = json::Value::object();
	out.set("id", event.id);
	out.set("organization_id", event.organizationId);
	out.set("type", event.type);
	out.set("created_at", event.createdAt);
	const json::Value body = json::Value::parse(event.payload);
	out.set("event", body);
	out.set("payload", body); // the name this server used before the SDK's, kept for scripts that read it
	return out;
}


json::Value EventHandlers::webhookJson(const store::WebhookRecord& w)
{
	json::Value out = json::Value::object();
	out.set("id", w.id);
	out.set("organization_id", w.organizationId);
	out.set("endpoint", w.endpoint);
	out.set("secret", "********");
	out.set("disabled", !w.active);
	out.set("active", w.active);
	out.set("created_at", w.createdAt);
	out.set("updated_at", w.updatedAt);
	return out;
}


std::string EventHandlers::timeBound(Exchange& exchange, const std::string& name)
{
	const std::string text = exchange.query(name);
	if (text.empty()) return "";
	int64_t micros = 0;
	try
	{
		micros = plugins::parseTimestamp(text);
	}
	catch (const std::exception& e)
	{
		throw HttpError::badRequest(name + " must be an ISO 8601 timestamp such as 2026-01-01T00:00:00Z (" + e.what() + ")");
	}
	if (micros < YEAR_ONE_MICROS) throw HttpError::badRequest(name + " must be in the year 1 or later");
	return plugins::formatTimestamp(micros);
}


store::EventQuery EventHandlers::eventQuery(Exchange& exchange, const auth::Principal& caller)
{
	store::EventQuery query;
	query.organizationId = caller.organizationId;
	const std::string organization = exchange.query("organization_id");
	if (!organization.empty() && organization != caller.organizationId)
	{
		// The SDK scopes every caller but the system one to its own organization.
		if (caller.kind != "deployment")
			throw HttpError(403, "forbidden", "organization_id names another organization: only the deployment key lists other "
				"organizations' events; leave it out to list your own");
		query.organizationId = organization;
	}
	query.type = exchange.query("type");
	const auto& types = eventTypes();
	if (!query.type.empty() && std::find(types.begin(), types.end(), query.type) == types.end())
		throw HttpError::badRequest("type " + query.type + " is not an event type; GET /api/events_types lists them");
	query.after = timeBound(exchange, "starting_after");
	query.before = timeBound(exchange, "ending_before");
	query.limit = exchange.limit(10, 100);
	return query;
}


void EventHandlers::listEvents(Exchange& exchange, const auth::Principal& caller)
{
	json::Value data = json::Value::array();
	for (const auto& event: _events.list(eventQuery(exchange, caller))) data.push(eventJson(event));
	exchange.sendData(data);
}


void EventHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/events", access.guard([this](Exchange& e, P p) { listEvents(e, p); }));
	router.add("GET", "/api/events_types", access.guard([](Exchange& e, P) {
		json::Value data = json::Value::array();
		for (const auto& type: eventTypes()) data.push(type);
		e.sendData(data);
	}));
	router.add("GET", "/api/webhooks", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& w: _events.listWebhooks(p.organizationId)) data.push(webhookJson(w));
		e.sendData(data);
	}));
	router.add("POST", "/api/webhooks", access.guard([this](Exchange& e, P p) {
		e.sendData(webhookJson(_webhooks.create(p.organizationId, e.bodyObject())));
	}));
	router.add("GET", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(webhookJson(_webhooks.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		e.sendData(webhookJson(_webhooks.replace(p.organizationId, e.parameter("id"), e.bodyObject())));
	}));
	router.add("DELETE", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		if (!_events.removeWebhook(p.organizationId, e.parameter("id"))) throw engine::NotFound("no webhook " + e.parameter("id"));
		e.sendNoContent();
	}));
	for (const bool enable: {true, false})
	{
		router.add("POST", std::string("/api/webhooks/{id}/") + (enable ? "enable" : "disable"), access.guard([this, enable](Exchange& e, P p) {
			e.sendData(webhookJson(_webhooks.setActive(p.organizationId, e.parameter("id"), enable)));
		}));
	}
}


} } // namespace polytomic::http
