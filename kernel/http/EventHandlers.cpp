//
// EventHandlers.cpp
//


#include "http/EventHandlers.h"
#include "engine/EngineError.h"
#include "http/HttpError.h"
#include "Poco/NumberParser.h"
#include "Poco/URI.h"


namespace polytomic {
namespace http {


namespace
{
	std::string query(Exchange& exchange, const std::string& name)
	{
		for (const auto& [key, value]: Poco::URI(exchange.request().getURI()).getQueryParameters())
			if (key == name) return value;
		return "";
	}


	json::Value bodyOf(Exchange& exchange)
	{
		try
		{
			json::Value value = json::Value::parse(exchange.body());
			if (!value.isObject()) throw HttpError::badRequest("the request body must be a JSON object");
			return value;
		}
		catch (const json::ParseError& e)
		{
			throw HttpError::badRequest(std::string("the request body is not valid JSON: ") + e.what());
		}
	}


	void sendData(Exchange& exchange, const json::Value& data)
	{
		json::Value body = json::Value::object();
		body.set("data", data);
		exchange.sendJson(200, body.dump());
	}
}


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
		const std::string limitText = query(e, "limit");
		if (!limitText.empty() && (!Poco::NumberParser::tryParseUnsigned(limitText, limit) || limit == 0 || limit > 100))
			throw HttpError::badRequest("limit must be a whole number from 1 to 100");
		json::Value data = json::Value::array();
		for (const auto& event: _events.list(p.organizationId, query(e, "type"), limit))
		{
			json::Value item = json::Value::object();
			item.set("id", event.id);
			item.set("type", event.type);
			item.set("payload", json::Value::parse(event.payload));
			item.set("created_at", event.createdAt);
			data.push(item);
		}
		sendData(e, data);
	}));
	router.add("GET", "/api/webhooks", access.guard([this](Exchange& e, P p) {
		json::Value data = json::Value::array();
		for (const auto& w: _events.listWebhooks(p.organizationId)) data.push(webhookJson(w));
		sendData(e, data);
	}));
	router.add("POST", "/api/webhooks", access.guard([this](Exchange& e, P p) {
		sendData(e, webhookJson(_webhooks.create(p.organizationId, bodyOf(e))));
	}));
	router.add("GET", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		sendData(e, webhookJson(_webhooks.get(p.organizationId, e.parameter("id"))));
	}));
	router.add("PUT", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		sendData(e, webhookJson(_webhooks.replace(p.organizationId, e.parameter("id"), bodyOf(e))));
	}));
	router.add("DELETE", "/api/webhooks/{id}", access.guard([this](Exchange& e, P p) {
		if (!_events.removeWebhook(p.organizationId, e.parameter("id"))) throw engine::NotFound("no webhook " + e.parameter("id"));
		e.response().setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
		e.response().setContentLength(0);
		e.response().send();
	}));
}


} } // namespace polytomic::http
