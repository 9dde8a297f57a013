//
// FakeWebhookReceiver.h
//
// Definition of the FakeWebhookReceiver class.
//
// A receiver of the Webhook connector's batches on a loopback port, following
// the protocol of integrations/webhook.md (our own: that page is its
// specification): POST of {"batch_id", "object", "mode", "identity",
// "records"}, Content-Type application/json, optionally Content-Encoding gzip;
// Polytomic-Signature "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
// JSON text)>", refused with 401 when missing, wrong or more than 300 s away
// from now; Idempotency-Key, whose repeat is answered as the first time without
// acting again; answer 200 {"results": [{"index", "status": "ok" | "error",
// "message"}]}. It keeps the records like a system would: updateOrCreate
// replaces the record of an identity, create keeps the first.
//


#ifndef Polytomic_Test_FakeWebhookReceiver_INCLUDED
#define Polytomic_Test_FakeWebhookReceiver_INCLUDED


#include "fakes/FakeHttpService.h"
#include "polytomic/json.hpp"
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class FakeWebhookReceiver
{
public:
	struct Delivery
		/// A batch the receiver acted on (a repeated key is not one).
	{
		std::string key;
		std::string mode;
		std::string object;
		std::string identity;
		json::Value records;
		bool gzip = false;
	};

	explicit FakeWebhookReceiver(std::string secret);

	std::string url(const std::string& path = "/hooks/polytomic") const;

	void failNext(int count, int status, const std::string& retryAfter = "");
		/// The next count batches are answered status without being acted on.

	void loseAnswers(int count);
		/// The next count batches are acted on, then answered 503 without Retry-After,
		/// as when a proxy loses the answer: only the idempotency key saves a repeat.

	void slowNext(int count, std::chrono::milliseconds latency);
		/// The next count requests are answered only after latency (acted on first, as a slow system would).

	void rejectWhere(const std::string& field, const std::string& value, const std::string& message);
		/// A record whose field has that value (as text) gets {"status": "error", "message"}.

	void clearRejections();

	void answerStatusOnly(int status);
		/// Answer every batch with this status and no body (all or nothing); 0: back to results.

	void setMaxRecords(std::size_t records);
		/// A batch with more records is answered 413 without being acted on.

	std::vector<Delivery> deliveries() const;
	std::map<std::string, json::Value> stored() const;
		/// identity value -> the record kept for it.
	std::map<std::string, int> deliveriesOf() const;
		/// identity value -> how many accepted batches carried a record of it.
	int repeatedKeys() const;
	int badSignatures() const;
	std::vector<FakeHttpService::Request> requests() const;

	static const int TOLERANCE_SECONDS = 300;

private:
	FakeHttpService::Reply answer(const FakeHttpService::Request& request);
	bool signatureValid(const FakeHttpService::Request& request, const std::string& body) const;
	json::Value act(const json::Value& batch);
	std::chrono::milliseconds latency();

	std::string _secret;
	mutable std::mutex _mutex;
	int _failCount = 0, _failStatus = 0, _lose = 0, _statusOnly = 0, _repeated = 0, _badSignatures = 0;
	std::string _retryAfter;
	std::chrono::milliseconds _latency{0};
	int _slow = 0;
	std::size_t _maxRecords = 0;
	std::vector<std::tuple<std::string, std::string, std::string>> _rejections;
	std::map<std::string, FakeHttpService::Reply> _answered;
	std::vector<Delivery> _deliveries;
	std::map<std::string, json::Value> _stored;
	std::map<std::string, int> _deliveriesOf;
	FakeHttpService _http;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeWebhookReceiver_INCLUDED
