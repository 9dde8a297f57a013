//
// EventRepository.h
//
// Definition of the EventRepository class.
//


#ifndef Polytomic_Store_EventRepository_INCLUDED
#define Polytomic_Store_EventRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct EventRecord
{
	std::string id;
	std::string organizationId;
	std::string type;
	std::string payload; /// JSON
	std::string createdAt;
};


struct EventQuery
	/// Which events of an organization to list: of one type (or all), created
	/// strictly after and/or before a time (ISO 8601, microseconds), at most limit.
{
	std::string organizationId;
	std::string type;           /// "" for every type
	std::string after;          /// "" for no lower bound
	std::string before;         /// "" for no upper bound
	std::size_t limit = 10;
};


struct WebhookRecord
{
	std::string id;
	std::string organizationId;
	std::string endpoint;
	std::string secret;  /// encrypted (SecretBox)
	bool active = true;
	std::string createdAt;
	std::string updatedAt;
};


struct Delivery
{
	std::string id;
	int attempts = 0;
	std::string endpoint;
	std::string secret;  /// encrypted
	EventRecord event;
};


class EventRepository
	/// Events, webhooks and the queue of their deliveries. Recording an event
	/// queues one delivery per active webhook of the organization, in the same
	/// transaction.
{
public:
	explicit EventRepository(Database& database);

	EventRecord record(const std::string& organizationId, const std::string& type, const std::string& payload);
	std::vector<EventRecord> list(const EventQuery& query);
		/// Newest first, so that ending_before pages back in time; with only a lower
		/// bound, the oldest after it first, so that a reader polling with
		/// starting_after = the last event it saw never skips one.

	WebhookRecord createWebhook(const WebhookRecord& webhook);
	std::optional<WebhookRecord> findWebhook(const std::string& organizationId, const std::string& id);
	std::vector<WebhookRecord> listWebhooks(const std::string& organizationId);
	bool updateWebhook(const WebhookRecord& webhook);
	bool setWebhookActive(const std::string& organizationId, const std::string& id, bool active);
	bool removeWebhook(const std::string& organizationId, const std::string& id);

	std::optional<Delivery> claimDelivery();
		/// The oldest delivery that is due, now pushed a minute into the future
		/// so that no other dispatcher takes it meanwhile.

	void delivered(const std::string& deliveryId, int status);
	void retryLater(const std::string& deliveryId, int status, const std::string& error, int delaySeconds, bool giveUp);

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_EventRepository_INCLUDED
