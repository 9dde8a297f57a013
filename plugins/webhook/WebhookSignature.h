//
// WebhookSignature.h
//
// Definition of the WebhookSignature class.
//


#ifndef Webhook_WebhookSignature_INCLUDED
#define Webhook_WebhookSignature_INCLUDED


#include <cstdint>
#include <string>


namespace webhook {


class WebhookSignature
	/// The Polytomic-Signature header, after Stripe's scheme: "t=<unix seconds>,v1=<hex>",
	/// where hex is HMAC-SHA256(secret, "<t>.<body>") of the uncompressed JSON body.
	/// The timestamp inside the signed text lets a receiver refuse an old request
	/// replayed (integrations/webhook.md: 5 minutes of tolerance).
{
public:
	static std::string header(const std::string& secret, int64_t timestamp, const std::string& body);

	static std::string hmacSha256Hex(const std::string& key, const std::string& message);
		/// Lower-case hex.

	static std::string randomKey();
		/// 32 hex digits from the system's random source: a batch's idempotency key.
};


} // namespace webhook


#endif // Webhook_WebhookSignature_INCLUDED
