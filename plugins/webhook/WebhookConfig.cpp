//
// WebhookConfig.cpp
//


#include "WebhookConfig.h"
#include "polytomic/connector.hpp"


namespace webhook {


using namespace polytomic;


namespace
{
	json::Value property(const std::string& type, const std::string& title, const std::string& description)
	{
		json::Value p = json::Value::object();
		p.set("type", type);
		p.set("title", title);
		p.set("description", description);
		return p;
	}


	int64_t whole(const json::Value& config, const std::string& key, int64_t fallback, int64_t low, int64_t high)
	{
		const json::Value& v = config[key];
		if (v.isNull()) return fallback;
		if (!v.isWholeNumber() || v.asInt64() < low || v.asInt64() > high)
			throw sdk::Error(key + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
		return v.asInt64();
	}


	bool flag(const json::Value& config, const std::string& key, bool fallback)
	{
		const json::Value& v = config[key];
		if (v.isNull()) return fallback;
		if (!v.isBool()) throw sdk::Error(key + " must be true or false");
		return v.asBool();
	}


	std::string text(const json::Value& config, const std::string& key, const std::string& fallback)
	{
		const json::Value& v = config[key];
		if (v.isNull()) return fallback;
		if (!v.isString()) throw sdk::Error(key + " must be a string");
		return v.asString();
	}
}


WebhookConfig WebhookConfig::from(const json::Value& config)
{
	WebhookConfig c;
	c.url = text(config, "url", "");
	if (c.url.rfind("https://", 0) != 0 && c.url.rfind("http://", 0) != 0)
		throw sdk::Error("url is required: the receiver's address, https://... (or http://... inside your network)");
	c.secret = text(config, "secret", "");
	if (c.secret.size() < 16)
		throw sdk::Error("secret is required: at least 16 characters the receiver also knows, to check the Polytomic-Signature header "
			"(e.g. openssl rand -hex 32)");
	c.object = text(config, "object", c.object);
	if (c.object.empty()) throw sdk::Error("object must not be empty: the name the receiver sees in every batch");
	c.identityField = text(config, "identity_field", c.identityField);
	if (c.identityField.empty()) throw sdk::Error("identity_field must not be empty");
	c.batchSize = static_cast<int>(whole(config, "batch_size", c.batchSize, 1, 10000));
	c.gzip = flag(config, "gzip", c.gzip);
	c.idempotencyKey = flag(config, "idempotency_key", c.idempotencyKey);
	c.timeoutMs = static_cast<unsigned>(whole(config, "timeout_seconds", 30, 1, 600) * 1000);
	c.maxAttempts = static_cast<unsigned>(whole(config, "max_attempts", c.maxAttempts, 1, 20));
	return c;
}


json::Value WebhookConfig::schema()
{
	json::Value properties = json::Value::object();
	json::Value url = property("string", "URL", "The receiver: every batch is POSTed here (https://..., or http://... inside your network).");
	url.set("secret_scope", true); // the signed batches go there
	properties.set("url", url);
	json::Value secret = property("string", "Signing secret",
		"At least 16 characters, shared with the receiver: the key of the HMAC-SHA256 in the Polytomic-Signature header.");
	secret.set("secret", true);
	properties.set("secret", secret);
	json::Value object = property("string", "Object", "The target object the connection offers; sent in every batch as \"object\".");
	object.set("default", "records");
	properties.set("object", object);
	json::Value identity = property("string", "Identity field", "The field a model sync may use as identity (updateOrCreate).");
	identity.set("default", "id");
	properties.set("identity_field", identity);
	json::Value batch = property("integer", "Batch size", "Records a request, 1 to 10000.");
	batch.set("default", 100);
	properties.set("batch_size", batch);
	json::Value gzip = property("boolean", "Gzip", "Compress every body (Content-Encoding: gzip).");
	gzip.set("default", true);
	properties.set("gzip", gzip);
	json::Value key = property("boolean", "Idempotency key",
		"Send an Idempotency-Key header (stable across retries of a batch) and retry a batch after a timeout or a 5xx. Turn it off "
		"only for a receiver that cannot drop a repeated key: a batch is then never sent twice after an ambiguous failure.");
	key.set("default", true);
	properties.set("idempotency_key", key);
	json::Value timeout = property("integer", "Timeout (seconds)", "How long one attempt waits for the receiver's answer, 1 to 600.");
	timeout.set("default", 30);
	properties.set("timeout_seconds", timeout);
	json::Value attempts = property("integer", "Attempts", "Attempts a batch gets (429, 5xx, timeouts), 1 to 20.");
	attempts.set("default", 5);
	properties.set("max_attempts", attempts);
	json::Value required = json::Value::array();
	required.push("url");
	required.push("secret");
	json::Value out = json::Value::object();
	out.set("type", "object");
	out.set("properties", properties);
	out.set("required", required);
	return out;
}


} // namespace webhook
