//
// WebhookConnector.cpp
//


#include "WebhookConnector.h"
#include "WebhookConfig.h"
#include "WebhookSignature.h"
#include "WebhookWriter.h"


namespace webhook {


using namespace polytomic;


WebhookConnector::WebhookConnector(const sdk::Host& host):
	sdk::Connector(host)
{
}


json::Value WebhookConnector::spec()
{
	json::Value out = json::Value::object();
	out.set("configuration", WebhookConfig::schema());
	return out;
}


void WebhookConnector::check(const json::Value& config)
{
	// An empty batch, signed: the receiver proves it is there and knows the secret.
	const WebhookConfig c = WebhookConfig::from(config);
	const std::string key = WebhookSignature::randomKey();
	const WebhookWriter::Answer answer = WebhookWriter::post(host(), c, WebhookWriter::envelope(key, c.object, "check", "", json::Value::array()), key);
	if (answer.status == 0) throw sdk::Error("the receiver at " + c.url + " did not answer: " + answer.error);
	if (answer.status == 401 || answer.status == 403)
		throw sdk::Error("the receiver refused the signed test batch (HTTP " + std::to_string(answer.status) + "): give the connection the secret "
			"the receiver checks with");
	if (answer.status < 200 || answer.status >= 300)
		throw sdk::Error("the receiver answered the test batch with HTTP " + std::to_string(answer.status) + "; it must answer 2xx to a batch "
			"whose mode is \"check\"");
}


json::Value WebhookConnector::discover(const json::Value& config)
{
	const WebhookConfig c = WebhookConfig::from(config);
	json::Value field = json::Value::object();
	field.set("name", c.identityField);
	field.set("type", "string");
	field.set("nullable", false);
	field.set("source_type", "string");
	json::Value fields = json::Value::array();
	fields.push(field);
	json::Value key = json::Value::array();
	key.push(c.identityField);
	json::Value object = json::Value::object();
	object.set("id", c.object);
	object.set("name", c.object);
	object.set("fields", fields);
	object.set("primary_key", key);
	object.set("tracking_fields", json::Value::array());
	json::Value objects = json::Value::array();
	objects.push(object);
	json::Value out = json::Value::object();
	out.set("objects", objects);
	return out;
}


std::unique_ptr<sdk::Writer> WebhookConnector::openWriter(const sdk::WriteRequest& request)
{
	return std::make_unique<WebhookWriter>(host(), WebhookConfig::from(request.config), request.object, request.mode, request.identity);
}


} // namespace webhook


POLYTOMIC_CONNECTOR(webhook::WebhookConnector, "webhook", "Webhook", "1.0.0", POLYTOMIC_CAP_DESTINATION,
	POLYTOMIC_MODE_CREATE | POLYTOMIC_MODE_UPDATE_OR_CREATE)
