//
// NotificationHandlers.cpp
//


#include "http/NotificationHandlers.h"


namespace polytomic {
namespace http {


NotificationHandlers::NotificationHandlers(engine::ErrorNotifications& notifications):
	_notifications(notifications)
{
}


json::Value NotificationHandlers::subscribersJson(const std::vector<std::string>& emails)
{
	json::Value list = json::Value::array();
	for (const auto& email: emails) list.push(email);
	json::Value out = json::Value::object();
	out.set("emails", list);
	return out;
}


void NotificationHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	using P = const auth::Principal&;
	router.add("GET", "/api/notifications/global-error-subscribers", access.guard([this](Exchange& e, P p) {
		e.sendJson(200, subscribersJson(_notifications.subscribers(p.organizationId)).dump());
	}));
	router.add("PUT", "/api/notifications/global-error-subscribers", access.guard([this](Exchange& e, P p) {
		// PUT replaces: a body without emails leaves no subscribers.
		const json::Value body = e.bodyObject();
		const json::Value emails = body["emails"].isNull() ? json::Value::array() : body["emails"];
		e.sendJson(200, subscribersJson(_notifications.replaceSubscribers(p.organizationId, emails)).dump());
	}));
}


} } // namespace polytomic::http
