//
// WebhookWriter.h
//
// Definition of the WebhookWriter class.
//


#ifndef Webhook_WebhookWriter_INCLUDED
#define Webhook_WebhookWriter_INCLUDED


#include "WebhookConfig.h"
#include "polytomic/connector.hpp"
#include <vector>


namespace webhook {


class WebhookWriter: public polytomic::sdk::Writer
	/// POSTs the records of each batch to the receiver, batch_size records a
	/// request, as {"batch_id", "object", "mode", "identity", "records": [...]}
	/// (integrations/webhook.md). Every request is signed (Polytomic-Signature),
	/// may be gzip-compressed, and carries an Idempotency-Key, the batch_id, that
	/// stays the same through every retry of that request, so the receiver can
	/// drop a repeat. The receiver's answer {"results": [{"index", "status",
	/// "message"}]} reports each record; an answer without it counts for the
	/// whole request: 2xx all written, 4xx all rejected. A 413 splits the request
	/// in halves; 401 and 403 (a wrong secret) and a receiver that never answers
	/// or keeps answering 429 or 5xx fail the batch, and with it the run.
{
public:
	WebhookWriter(const polytomic::sdk::Host& host, WebhookConfig config, std::string object, uint32_t mode, std::vector<std::string> identity);

	void write(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) override;
	void close(bool commit) override;

	struct Answer
	{
		int status = 0;
		polytomic::json::Value body;   /// null when the body is not JSON
		std::string text;
		std::string error;
		unsigned attempts = 0;
	};

	static Answer post(const polytomic::sdk::Host& host, const WebhookConfig& config, const polytomic::json::Value& body, const std::string& key);
		/// Compresses and sends one request through the host's HTTP client, which
		/// repeats what is safe to repeat (429, 503 with Retry-After, and with a key
		/// 502, 503, 504 and timeouts), in rounds of at most ROUND attempts, each
		/// round signed anew; with a key a 500 is repeated too. At most max_attempts in all.

	static const unsigned ROUND = 3; /// attempts under one signature: with Retry-After capped at 60 s, its t stays under 3 minutes old

	static polytomic::json::Value envelope(const std::string& key, const std::string& object, const std::string& mode,
		const std::string& identity, polytomic::json::Value records);

	static std::string modeName(uint32_t mode);
		/// The mode as the engine names it: "create", "updateOrCreate".

private:
	struct Pending
	{
		int64_t row;
		polytomic::json::Value record;
	};

	static polytomic::sdk::HttpRequest signedRequest(const WebhookConfig& config, const std::string& wire, const std::string& text,
		const std::string& key, unsigned attempts);
	static bool worthAnotherRound(const WebhookConfig& config, const polytomic::sdk::HttpResponse& response);
	static unsigned waitSeconds(const polytomic::sdk::HttpResponse& response, unsigned round);

	void deliver(const std::vector<Pending>& pending, polytomic::sdk::WriteResults& results);
	void report(const std::vector<Pending>& pending, const Answer& answer, polytomic::sdk::WriteResults& results) const;

	const polytomic::sdk::Host& _host;
	WebhookConfig _config;
	std::string _object;
	uint32_t _mode;
	std::string _identity;
};


} // namespace webhook


#endif // Webhook_WebhookWriter_INCLUDED
