//
// WebhookService.cpp
//


#include "engine/WebhookService.h"
#include "engine/BodyFields.h"
#include "telemetry/UrlRedaction.h"
#include "engine/EngineError.h"
#include "plugins/HttpClient.h"
#include "Poco/Logger.h"
#include "Poco/HMACEngine.h"
#include "Poco/SHA2Engine.h"


namespace polytomic {
namespace engine {


namespace
{
	class Sha256Engine: public Poco::SHA2Engine
		/// SHA-256 with the block and digest sizes Poco::HMACEngine asks of its
		/// engine, which POCO 1.11's SHA2Engine does not declare.
	{
	public:
		enum
		{
			BLOCK_SIZE = 64,
			DIGEST_SIZE = 32
		};

		Sha256Engine():
			Poco::SHA2Engine(Poco::SHA2Engine::SHA_256)
		{
		}
	};
}


WebhookService::WebhookService(store::EventRepository& events, const store::SecretBox& secrets):
	_events(events),
	_secrets(secrets)
{
}


WebhookService::~WebhookService()
{
	stopDelivering();
}


void WebhookService::emit(const std::string& organizationId, const std::string& type, const json::Value& payload)
{
	try
	{
		_events.record(organizationId, type, eventBody(organizationId, type, payload).dump());
	}
	catch (const std::exception& e)
	{
		Poco::Logger::get("polytomic.events").warning("event " + type + " not recorded: " + e.what());
	}
	if (_notifications) _notifications->eventRecorded(organizationId, type, payload);
}


void WebhookService::notifyFailures(ErrorNotifications* notifications)
{
	_notifications = notifications;
}


json::Value WebhookService::eventBody(const std::string& organizationId, const std::string& type, const json::Value& payload)
{
	json::Value body = payload.isObject() ? payload : json::Value::object();
	body.set("organization_id", organizationId);
	if (type.rfind("bulk_sync.", 0) == 0)
	{
		if (!body.has("sync_id") && body.has("bulk_sync_id")) body.set("sync_id", body["bulk_sync_id"]);
		if (!body.has("sync_name") && body.has("name")) body.set("sync_name", body["name"]);
	}
	return body;
}


store::WebhookRecord WebhookService::prepare(const std::string& organizationId, const json::Value& body, const std::string& id, bool active)
{
	FieldErrors errors;
	const std::string endpoint = textField(body, "endpoint", "endpoint", errors);
	if (endpoint.rfind("https://", 0) != 0 && endpoint.rfind("http://", 0) != 0) errors["endpoint"] = "must be an http:// or https:// URL";
	const std::string secret = textField(body, "secret", "secret", errors);
	if (secret.size() < 8 && secret != "********") errors["secret"] = "is required: at least 8 characters, used to sign every delivery";
	active = flagField(body, "active", "active", errors, active);
	if (!errors.empty()) throw ValidationError("the webhook is not valid", errors);
	store::WebhookRecord record;
	record.id = id;
	record.organizationId = organizationId;
	record.endpoint = endpoint;
	if (secret == "********")
	{
		if (id.empty()) throw ValidationError("the webhook is not valid", {{"secret", "is required"}});
		record.secret = get(organizationId, id).secret;
	}
	else
	{
		record.secret = _secrets.encrypt(secret);
	}
	record.active = active;
	return record;
}


store::WebhookRecord WebhookService::create(const std::string& organizationId, const json::Value& body)
{
	return _events.createWebhook(prepare(organizationId, body, "", true));
}


store::WebhookRecord WebhookService::replace(const std::string& organizationId, const std::string& id, const json::Value& body)
{
	const store::WebhookRecord current = get(organizationId, id);
	store::WebhookRecord record = prepare(organizationId, body, current.id, current.active);
	_events.updateWebhook(record);
	return get(organizationId, id);
}


store::WebhookRecord WebhookService::get(const std::string& organizationId, const std::string& id)
{
	auto found = _events.findWebhook(organizationId, id);
	if (!found) throw NotFound("no webhook " + id);
	return *found;
}


store::WebhookRecord WebhookService::setActive(const std::string& organizationId, const std::string& id, bool active)
{
	if (!_events.setWebhookActive(organizationId, id, active)) throw NotFound("no webhook " + id);
	return get(organizationId, id);
}


std::string WebhookService::signature(const std::string& secret, const std::string& body)
{
	Poco::HMACEngine<Sha256Engine> hmac(secret);
	hmac.update(body);
	return Poco::DigestEngine::digestToHex(hmac.digest());
}


bool WebhookService::deliverOne()
{
	auto delivery = _events.claimDelivery();
	if (!delivery) return false;
	json::Value body = json::Value::object();
	body.set("id", delivery->event.id);
	body.set("event", delivery->event.type);
	body.set("organization_id", delivery->event.organizationId);
	body.set("created_at", delivery->event.createdAt);
	body.set("payload", json::Value::parse(delivery->event.payload));
	const std::string text = body.dump();
	plugins::HttpClient client;
	plugins::HttpClient::Request request;
	request.method = "POST";
	request.url = delivery->endpoint;
	request.body = text;
	request.maxAttempts = 1;
	request.timeout = std::chrono::milliseconds(10000);
	request.headers["Content-Type"] = "application/json";
	try
	{
		request.headers["Polytomic-Signature"] = signature(_secrets.decrypt(delivery->secret), text);
	}
	catch (const std::exception& e)
	{
		_events.retryLater(delivery->id, 0, e.what(), 0, true);
		return true;
	}
	const plugins::HttpClient::Response response = client.send(request);
	if (response.status >= 200 && response.status < 300)
	{
		_events.delivered(delivery->id, response.status);
		return true;
	}
	const bool giveUp = delivery->attempts > MAX_RETRIES;
	const int delay = 1 << std::min(delivery->attempts - 1, 10);
	_events.retryLater(delivery->id, response.status, response.status ? "HTTP " + std::to_string(response.status) : response.error, delay, giveUp);
	if (giveUp)
		Poco::Logger::get("polytomic.events").warning("webhook " + telemetry::UrlRedaction::redact(delivery->endpoint) + " refused event " + delivery->event.id + " " +
			std::to_string(delivery->attempts) + " times; giving up");
	return true;
}


void WebhookService::startDelivering()
{
	_dispatcher = std::thread([this] {
		while (!_stopping)
		{
			bool worked = false;
			try
			{
				worked = deliverOne();
			}
			catch (const std::exception& e)
			{
				Poco::Logger::get("polytomic.events").warning(std::string("webhook delivery: ") + e.what());
			}
			if (!worked)
				for (int i = 0; i < 5 && !_stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
		}
	});
}


void WebhookService::stopDelivering()
{
	_stopping = true;
	if (_dispatcher.joinable()) _dispatcher.join();
}


} } // namespace polytomic::engine
