//
// WebhookService.h
//
// Definition of the WebhookService class.
//


#ifndef Polytomic_Engine_WebhookService_INCLUDED
#define Polytomic_Engine_WebhookService_INCLUDED


#include "engine/ErrorNotifications.h"
#include "polytomic/json.hpp"
#include "store/EventRepository.h"
#include "store/SecretBox.h"
#include <atomic>
#include <thread>


namespace polytomic {
namespace engine {


class WebhookService
	/// Events and webhooks: records an event for every execution state change,
	/// keeps webhooks (their secrets encrypted), and delivers every event to the
	/// organization's webhooks: a JSON POST signed with HMAC-SHA256 of the body
	/// (header Polytomic-Signature, hex), retried on anything but 2xx after
	/// 1, 2, 4, 8 and 16 s (5 retries), then given up.
{
public:
	WebhookService(store::EventRepository& events, const store::SecretBox& secrets);
	~WebhookService();

	void emit(const std::string& organizationId, const std::string& type, const json::Value& payload);
		/// Never throws: an event that cannot be recorded is logged.

	void notifyFailures(ErrorNotifications* notifications);
		/// Hands every event emitted afterwards to the notifications too, which
		/// email a failed run to the global error subscribers.

	store::WebhookRecord create(const std::string& organizationId, const json::Value& body);
	store::WebhookRecord replace(const std::string& organizationId, const std::string& id, const json::Value& body);
	store::WebhookRecord get(const std::string& organizationId, const std::string& id);
	store::WebhookRecord setActive(const std::string& organizationId, const std::string& id, bool active);
		/// Enables or disables the webhook; while disabled, events are not queued for it (they are dropped, as the SDK documents).

	static json::Value eventBody(const std::string& organizationId, const std::string& type, const json::Value& payload);
		/// The payload in the shape of the SDK's event of this type: with organization_id,
		/// and a bulk sync's id and name as sync_id and sync_name.

	void startDelivering();
	void stopDelivering();

	bool deliverOne();
		/// Delivers the next due delivery, if any; true when there was one.

	static std::string signature(const std::string& secret, const std::string& body);
		/// Hex HMAC-SHA256.

	static constexpr int MAX_RETRIES = 5;

private:
	store::WebhookRecord prepare(const std::string& organizationId, const json::Value& body, const std::string& id, bool active);
		/// The checked body; active when it does not say (a PUT keeps a webhook disabled).

	store::EventRepository& _events;
	const store::SecretBox& _secrets;
	ErrorNotifications* _notifications = nullptr;
	std::atomic<bool> _stopping{false};
	std::thread _dispatcher;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_WebhookService_INCLUDED
