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
#include <vector>


namespace polytomic {
namespace http {


class EventHandlers
	/// GET /api/events (?type=, ?starting_after=, ?ending_before=, ?limit= from 1 to
	/// 100, default 10; ?organization_id= for the deployment key only), GET
	/// /api/events_types, and /api/webhooks (CRUD, enable, disable; secrets redacted).
{
public:
	EventHandlers(engine::WebhookService& webhooks, store::EventRepository& events);

	void registerRoutes(Router& router, const ApiAccess& access);

	static const std::vector<std::string>& eventTypes();
		/// Every type of event the server records, as the SDK names them.

private:
	void listEvents(Exchange& exchange, const auth::Principal& caller);
	static store::EventQuery eventQuery(Exchange& exchange, const auth::Principal& caller);
	static std::string timeBound(Exchange& exchange, const std::string& name);
		/// The query parameter as a normalized UTC timestamp, "" when absent; 400 when it is not ISO 8601.
	static json::Value eventJson(const store::EventRecord& event);
	static json::Value webhookJson(const store::WebhookRecord& webhook);

	engine::WebhookService& _webhooks;
	store::EventRepository& _events;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_EventHandlers_INCLUDED
