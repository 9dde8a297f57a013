//
// WebhookWriter.cpp
//


#include "WebhookWriter.h"
#include "GzipBody.h"
#include "RecordJson.h"
#include "WebhookSignature.h"
#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <thread>


namespace webhook {


using namespace polytomic;


namespace
{
	std::string receiverMessage(const WebhookWriter::Answer& answer)
	{
		std::string message = answer.body.getString("message", answer.body["error"].getString("message", answer.body.getString("error")));
		if (message.empty() && !answer.body.isObject()) message = answer.text.substr(0, 300);
		return "the receiver answered HTTP " + std::to_string(answer.status) + (message.empty() ? "" : ": " + message);
	}


	void pause(const sdk::Host& host, std::chrono::milliseconds delay)
	{
		const auto until = std::chrono::steady_clock::now() + delay;
		while (!host.cancelled() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
	}
}


WebhookWriter::WebhookWriter(const sdk::Host& host, WebhookConfig config, std::string object, uint32_t mode, std::vector<std::string> identity):
	_host(host),
	_config(std::move(config)),
	_object(object.empty() ? _config.object : std::move(object)),
	_mode(mode),
	_identity(identity.empty() ? std::string() : identity.front())
{
	modeName(_mode);
	if (identity.size() > 1) throw sdk::Error("the webhook sends one identity field; choose one");
	if (_identity.empty()) throw sdk::Error("a webhook sync in this mode needs an identity field: the receiver matches records by it");
}


std::string WebhookWriter::modeName(uint32_t mode)
{
	if (mode == POLYTOMIC_MODE_CREATE) return "create";
	if (mode == POLYTOMIC_MODE_UPDATE_OR_CREATE) return "updateOrCreate";
	throw sdk::Error("the webhook connector writes in the modes create and updateOrCreate only");
}


json::Value WebhookWriter::envelope(const std::string& key, const std::string& object, const std::string& mode, const std::string& identity,
	json::Value records)
{
	json::Value body = json::Value::object();
	body.set("batch_id", key);
	body.set("object", object);
	body.set("mode", mode);
	body.set("identity", identity.empty() ? json::Value() : json::Value(identity));
	body.set("records", std::move(records));
	return body;
}


WebhookWriter::Answer WebhookWriter::post(const sdk::Host& host, const WebhookConfig& config, const json::Value& body, const std::string& key)
{
	const std::string text = body.dump();
	const std::string wire = config.gzip ? GzipBody::compress(text) : text;
	Answer answer;
	unsigned used = 0;
	for (unsigned round = 1; used < config.maxAttempts; ++round)
	{
		// A round of at most ROUND attempts keeps one signature: its timestamp stays minutes younger than a receiver's tolerance.
		const sdk::HttpResponse response = host.http(signedRequest(config, wire, text, key, std::min(ROUND, config.maxAttempts - used)));
		used += std::max(1u, response.attempts);
		answer = Answer{response.status, json::Value(), response.body, response.error, used};
		try
		{
			if (!response.body.empty()) answer.body = json::Value::parse(response.body);
		}
		catch (const json::ParseError&)
		{
		}
		if (used >= config.maxAttempts || host.cancelled() || !worthAnotherRound(config, response)) break;
		pause(host, std::chrono::milliseconds(waitSeconds(response, round) * 1000LL));
	}
	return answer;
}


sdk::HttpRequest WebhookWriter::signedRequest(const WebhookConfig& config, const std::string& wire, const std::string& text, const std::string& key,
	unsigned attempts)
{
	sdk::HttpRequest request;
	request.method = "POST";
	request.url = config.url;
	request.body = wire;
	request.timeoutMs = config.timeoutMs;
	request.maxAttempts = attempts;
	request.headers["Content-Type"] = "application/json";
	request.headers["User-Agent"] = "Polytomic-Webhook/1.0";
	if (config.gzip) request.headers["Content-Encoding"] = "gzip";
	// Signed over the JSON text, so a proxy that decompresses does not break the check.
	request.headers["Polytomic-Signature"] = WebhookSignature::header(config.secret, static_cast<int64_t>(std::time(nullptr)), text);
	if (config.idempotencyKey) request.headers["Idempotency-Key"] = key;
	// Only a receiver that drops a repeated key makes a repeated POST harmless.
	request.idempotent = config.idempotencyKey;
	return request;
}


bool WebhookWriter::worthAnotherRound(const WebhookConfig& config, const sdk::HttpResponse& response)
{
	// The receiver did not act (429, 503 with Retry-After): safe with or without a key.
	if (response.status == 429 || (response.status == 503 && response.headers.count("retry-after"))) return true;
	// It may have acted (a 5xx, a timeout, a dropped connection): only a key makes the repeat harmless.
	return config.idempotencyKey && (response.status >= 500 || response.status == 0);
}


unsigned WebhookWriter::waitSeconds(const sdk::HttpResponse& response, unsigned round)
{
	// Retry-After in seconds is obeyed (at most 60); an HTTP date keeps the backoff.
	const auto retryAfter = response.headers.find("retry-after");
	if (retryAfter != response.headers.end() && !retryAfter->second.empty() &&
		retryAfter->second.find_first_not_of("0123456789") == std::string::npos)
		return std::min(60u, static_cast<unsigned>(std::strtoul(retryAfter->second.c_str(), nullptr, 10)));
	return std::min(30u, 1u << std::min(round, 5u));
}


void WebhookWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	const int key = batch.find(_identity);
	if (key < 0) throw sdk::Error("the records carry no '" + _identity + "', the identity: map a field to it");
	for (int64_t begin = 0; begin < batch.rows(); begin += _config.batchSize)
	{
		std::vector<Pending> pending;
		for (int64_t row = begin; row < std::min<int64_t>(batch.rows(), begin + _config.batchSize); ++row)
		{
			if (batch.isNull(row, static_cast<std::size_t>(key)))
			{
				results.rejected(row, "the record has no " + _identity + " to identify it by");
				continue;
			}
			pending.push_back({row, RecordJson::of(batch, row)});
		}
		if (!pending.empty()) deliver(pending, results);
	}
}


void WebhookWriter::deliver(const std::vector<Pending>& pending, sdk::WriteResults& results)
{
	json::Value records = json::Value::array();
	for (const Pending& p: pending) records.push(p.record);
	const std::string key = WebhookSignature::randomKey();
	const Answer answer = post(_host, _config, envelope(key, _object, modeName(_mode), _identity, std::move(records)), key);
	if (answer.status == 413 && pending.size() > 1)
	{
		const auto middle = pending.begin() + static_cast<std::ptrdiff_t>(pending.size() / 2);
		deliver(std::vector<Pending>(pending.begin(), middle), results);
		deliver(std::vector<Pending>(middle, pending.end()), results);
		return;
	}
	if (answer.status == 401 || answer.status == 403)
		throw sdk::Error(receiverMessage(answer) + ": it refused the request's signature or access; give the connection the secret the "
			"receiver checks with");
	if (answer.status == 0)
		throw sdk::Error("the receiver did not answer (" + answer.error + ") after " + std::to_string(answer.attempts) + " attempts");
	if (answer.status == 429 || answer.status >= 500)
		throw sdk::Error(receiverMessage(answer) + " after " + std::to_string(answer.attempts) + " attempts" +
			(_config.idempotencyKey ? "" : " (without an idempotency key, a batch is not sent again after a 5xx)"));
	report(pending, answer, results);
}


void WebhookWriter::report(const std::vector<Pending>& pending, const Answer& answer, sdk::WriteResults& results) const
{
	const bool accepted = answer.status >= 200 && answer.status < 300;
	std::set<std::size_t> reported;
	if (answer.body["results"].isArray())
	{
		for (const auto& result: answer.body["results"].items())
		{
			if (!result["index"].isWholeNumber()) continue;
			const int64_t index = result["index"].asInt64();
			if (index < 0 || index >= static_cast<int64_t>(pending.size()) || reported.count(static_cast<std::size_t>(index))) continue;
			reported.insert(static_cast<std::size_t>(index));
			const int64_t row = pending[static_cast<std::size_t>(index)].row;
			if (result.getString("status") == "ok" && accepted) results.ok(row);
			else
			{
				const std::string message = result.getString("message");
				results.rejected(row, message.empty() ? receiverMessage(answer) : "the receiver refused the record: " + message);
			}
		}
		for (std::size_t i = 0; i < pending.size(); ++i)
			if (!reported.count(i)) results.rejected(pending[i].row, "the receiver's results did not report this record (index " + std::to_string(i) + ")");
		return;
	}
	// Only a status: it holds for the whole request.
	for (const Pending& p: pending)
	{
		if (accepted) results.ok(p.row);
		else results.rejected(p.row, receiverMessage(answer));
	}
}


void WebhookWriter::close(bool)
{
	// Every request was answered before write() returned: nothing is held.
}


} // namespace webhook
