//
// FakeWebhookReceiver.cpp
//


#include "fakes/FakeWebhookReceiver.h"
#include "Poco/String.h"
#include "Poco/InflatingStream.h"
#include "Poco/StreamCopier.h"
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <cstdlib>
#include <ctime>
#include <sstream>
#include <tuple>


namespace polytomic {
namespace test {


namespace
{
	std::string hmacHex(const std::string& key, const std::string& message)
	{
		unsigned char digest[EVP_MAX_MD_SIZE];
		unsigned int length = 0;
		HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
			&length);
		static const char digits[] = "0123456789abcdef";
		std::string out;
		for (unsigned i = 0; i < length; ++i)
		{
			out.push_back(digits[digest[i] >> 4]);
			out.push_back(digits[digest[i] & 0xF]);
		}
		return out;
	}


	std::string header(const FakeHttpService::Request& request, const std::string& name)
	{
		for (const auto& [k, v]: request.headers)
			if (Poco::icompare(k, name) == 0) return v;
		return "";
	}


	FakeHttpService::Reply json(int status, const json::Value& body)
	{
		FakeHttpService::Reply reply;
		reply.status = status;
		reply.body = body.dump();
		return reply;
	}


	FakeHttpService::Reply message(int status, const std::string& text)
	{
		json::Value body = json::Value::object();
		body.set("message", text);
		return json(status, body);
	}


	std::string text(const json::Value& v)
	{
		return v.isString() ? v.asString() : v.dump();
	}
}


FakeWebhookReceiver::FakeWebhookReceiver(std::string secret):
	_secret(std::move(secret)),
	_http([this](const FakeHttpService::Request& request) { return answer(request); })
{
}


std::string FakeWebhookReceiver::url(const std::string& path) const
{
	return _http.url(path);
}


bool FakeWebhookReceiver::signatureValid(const FakeHttpService::Request& request, const std::string& body) const
{
	// t=<seconds>,v1=<hex>[,v1=<hex>...]: any v1 may match (a secret being rotated).
	const std::string value = header(request, "Polytomic-Signature");
	std::string t;
	std::vector<std::string> signatures;
	std::stringstream parts(value);
	for (std::string part; std::getline(parts, part, ',');)
	{
		if (part.rfind("t=", 0) == 0) t = part.substr(2);
		else if (part.rfind("v1=", 0) == 0) signatures.push_back(part.substr(3));
	}
	if (t.empty() || signatures.empty()) return false;
	const long long when = std::atoll(t.c_str());
	if (std::llabs(static_cast<long long>(std::time(nullptr)) - when) > TOLERANCE_SECONDS) return false;
	const std::string expected = hmacHex(_secret, t + "." + body);
	for (const auto& s: signatures)
		if (s.size() == expected.size() && CRYPTO_memcmp(s.data(), expected.data(), s.size()) == 0) return true;
	return false;
}


json::Value FakeWebhookReceiver::act(const json::Value& batch)
{
	const std::string mode = batch.getString("mode");
	const std::string identity = batch.getString("identity");
	json::Value results = json::Value::array();
	const json::Value& records = batch["records"];
	for (std::size_t i = 0; i < records.size(); ++i)
	{
		const json::Value& record = records[i];
		json::Value result = json::Value::object();
		result.set("index", static_cast<long long>(i));
		std::string refused;
		for (const auto& [field, value, why]: _rejections)
			if (text(record[field]) == value) refused = why;
		if (!refused.empty())
		{
			result.set("status", "error");
			result.set("message", refused);
		}
		else
		{
			const std::string id = text(record[identity]);
			if (mode == "updateOrCreate" || !_stored.count(id)) _stored[id] = record;
			++_deliveriesOf[id];
			result.set("status", "ok");
		}
		results.push(result);
	}
	json::Value out = json::Value::object();
	out.set("results", results);
	return out;
}


FakeHttpService::Reply FakeWebhookReceiver::answer(const FakeHttpService::Request& request)
{
	// Called with the service's lock held, one request at a time.
	std::lock_guard<std::mutex> lock(_mutex);
	FakeHttpService::Reply reply;
	if (request.method != "POST") return message(405, "POST batches here");
	std::string body = request.body;
	const bool gzip = header(request, "Content-Encoding") == "gzip";
	if (gzip)
	{
		std::istringstream compressed(request.body);
		Poco::InflatingInputStream inflater(compressed, Poco::InflatingStreamBuf::STREAM_GZIP);
		body.clear();
		Poco::StreamCopier::copyToString(inflater, body);
	}
	if (!signatureValid(request, body))
	{
		++_badSignatures;
		return message(401, "the Polytomic-Signature header does not match the body and the secret");
	}
	json::Value batch;
	try
	{
		batch = json::Value::parse(body);
	}
	catch (const std::exception& e)
	{
		return message(400, std::string("the body is not JSON: ") + e.what());
	}
	const std::string key = header(request, "Idempotency-Key");
	if (!key.empty() && _answered.count(key))
	{
		++_repeated;
		reply = _answered[key];
		reply.delay = latency();
		return reply;
	}
	if (_failCount > 0)
	{
		--_failCount;
		reply = message(_failStatus, "try again later");
		if (!_retryAfter.empty()) reply.headers["Retry-After"] = _retryAfter;
		reply.delay = latency();
		return reply;
	}
	if (_maxRecords && batch["records"].size() > _maxRecords) return message(413, "at most " + std::to_string(_maxRecords) + " records a batch");
	const json::Value results = act(batch);
	if (batch.getString("mode") != "check")
		_deliveries.push_back(Delivery{key, batch.getString("mode"), batch.getString("object"), batch.getString("identity"), batch["records"], gzip});
	if (_statusOnly)
	{
		reply.status = _statusOnly;
		reply.body = "";
		reply.contentType = "text/plain";
	}
	else reply = json(200, results);
	if (!key.empty()) _answered[key] = reply;
	reply.delay = latency();
	if (_lose > 0)
	{
		--_lose;
		FakeHttpService::Reply lost = message(503, "the gateway lost the answer");
		lost.delay = reply.delay;
		return lost;
	}
	return reply;
}


void FakeWebhookReceiver::failNext(int count, int status, const std::string& retryAfter)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_failCount = count;
	_failStatus = status;
	_retryAfter = retryAfter;
}


void FakeWebhookReceiver::loseAnswers(int count)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_lose = count;
}


void FakeWebhookReceiver::slowNext(int count, std::chrono::milliseconds latency)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_slow = count;
	_latency = latency;
}


std::chrono::milliseconds FakeWebhookReceiver::latency()
{
	if (_slow <= 0) return std::chrono::milliseconds(0);
	--_slow;
	return _latency;
}


void FakeWebhookReceiver::rejectWhere(const std::string& field, const std::string& value, const std::string& why)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_rejections.emplace_back(field, value, why);
}


void FakeWebhookReceiver::clearRejections()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_rejections.clear();
}


void FakeWebhookReceiver::answerStatusOnly(int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_statusOnly = status;
}


void FakeWebhookReceiver::setMaxRecords(std::size_t records)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_maxRecords = records;
}


std::vector<FakeWebhookReceiver::Delivery> FakeWebhookReceiver::deliveries() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _deliveries;
}


std::map<std::string, json::Value> FakeWebhookReceiver::stored() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _stored;
}


std::map<std::string, int> FakeWebhookReceiver::deliveriesOf() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _deliveriesOf;
}


int FakeWebhookReceiver::repeatedKeys() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _repeated;
}


int FakeWebhookReceiver::badSignatures() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _badSignatures;
}


std::vector<FakeHttpService::Request> FakeWebhookReceiver::requests() const
{
	return _http.requests();
}


} } // namespace polytomic::test
