//
// WebhookConnector.h
//
// Definition of the WebhookConnector class.
//


#ifndef Webhook_WebhookConnector_INCLUDED
#define Webhook_WebhookConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace webhook {


class WebhookConnector: public polytomic::sdk::Connector
	/// A destination that POSTs batches of records to a receiver of your own,
	/// signed with a shared secret (integrations/webhook.md). It offers one
	/// object, named in its configuration, with the identity field as its key;
	/// any other field a sync maps is sent as it is named.
{
public:
	explicit WebhookConnector(const polytomic::sdk::Host& host);

	polytomic::json::Value spec() override;
	void check(const polytomic::json::Value& config) override;
	polytomic::json::Value discover(const polytomic::json::Value& config) override;
	std::unique_ptr<polytomic::sdk::Writer> openWriter(const polytomic::sdk::WriteRequest& request) override;
};


} // namespace webhook


#endif // Webhook_WebhookConnector_INCLUDED
