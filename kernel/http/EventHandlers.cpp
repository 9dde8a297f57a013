//
// EventHandlers.cpp
//


#include "http/EventHandlers.h"
#include "engine/EngineError.h"
#include "http/HttpError.h"
#include "Poco/NumberParser.h"


namespace polytomic {
namespace http {


EventHandlers::EventHandlers(engine::WebhookService& webhooks, store::EventRepository& events):
	_webhooks(webhooks),
	_events(events)
{
}


json::Value EventHandlers::webhookJson(const store::WebhookRecord& w)
{
	json::Value out = json::Value::object();
	out.set("id", w.id);
	out.set("organization_id", w.organizationId);
	out.set("endpoint", w.endpoint);
	out.set("secret", "********");
	out.set("active", w.active);
	out.set("created_at", w.createdAt);
	out.set("updated_at", w.updatedAt);
	return out;
}


void EventHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/events", access.guard([this](Exchange& e, P p) {
		unsigned limit = 100;
		const std::string limitText = e.query("limit");
		if (!limitText.empty() && (!Poco::NumberParser::tryParseUnsigned(limitText, limit) || limit == 0 || limit > 100))
			throw HttpError::badRequest("limit must be a whole number from 1 to 100");
		json::Value data = json::Value::array();
		for (const auto& event: _events.list(p.organizationId, e.query("type"), limit))
		{
			json::Value item = json::Value::object();
			item.set("id", event.id);
			item.set("type", event.type);
			item.set("payload", json::Value::parse(event.payload));
			item.set("created_at", event.createdAt);
			data.push(item);
		}
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
}


} } // namespace polytomic::http
