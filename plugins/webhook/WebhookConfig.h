//
// WebhookConfig.h
//
// Definition of the WebhookConfig struct.
//


#ifndef Webhook_WebhookConfig_INCLUDED
#define Webhook_WebhookConfig_INCLUDED


#include "polytomic/json.hpp"
#include <string>


namespace webhook {


struct WebhookConfig
	/// A connection's configuration, checked (integrations/webhook.md).
{
	std::string url;                 /// where the batches are POSTed (http or https)
	std::string secret;              /// the HMAC-SHA256 key of the Polytomic-Signature header
	std::string object = "records";  /// the one object the connection offers as a target
	std::string identityField = "id";/// the field offered as the identity of updateOrCreate
	int batchSize = 100;             /// records a request, 1 to 10000
	bool gzip = true;                /// Content-Encoding: gzip
	bool idempotencyKey = true;      /// send Idempotency-Key, and let the host repeat a POST after an ambiguous failure
	unsigned timeoutMs = 30000;      /// per attempt
	unsigned maxAttempts = 5;        /// per batch, the host's retries and ours together

	static WebhookConfig from(const polytomic::json::Value& config);
		/// Throws sdk::Error naming the setting at fault.

	static polytomic::json::Value schema();
		/// The JSON Schema of the configuration (the spec's "configuration").
};


} // namespace webhook


#endif // Webhook_WebhookConfig_INCLUDED
