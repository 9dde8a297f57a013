//
// EventHandlers.h
//
// Definition of the EventHandlers class.
//


#ifndef Polytomic_Http_EventHandlers_INCLUDED
#define Polytomic_Http_EventHandlers_INCLUDED


#include "engine/WebhookService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class EventHandlers
	/// GET /api/events (?type=, ?limit=) and /api/webhooks (CRUD; secrets redacted).
{
public:
	EventHandlers(engine::WebhookService& webhooks, store::EventRepository& events);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	static json::Value webhookJson(const store::WebhookRecord& webhook);

	engine::WebhookService& _webhooks;
	store::EventRepository& _events;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_EventHandlers_INCLUDED
