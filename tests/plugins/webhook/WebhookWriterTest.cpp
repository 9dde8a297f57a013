//
// WebhookWriterTest.cpp
//
// The Webhook connector's writer (plugins/webhook/WebhookWriter), loaded as
// the server loads it, against the fake receiver: signatures, gzip, batch
// size, per-record results, all-or-nothing answers, idempotency keys and
// retries.
//


#include "WebhookWriterTest.h"
#include "LoadedPlugin.h"
#include "fakes/FakeWebhookReceiver.h"
#include "plugins/PluginError.h"
#include "Poco/String.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <set>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const char* const SECRET = "whsec-0123456789abcdef";


	LoadedPlugin& plugin()
	{
		static LoadedPlugin loaded(WEBHOOK_PLUGIN);
		return loaded;
	}


	json::Value config(const FakeWebhookReceiver& receiver, int batchSize = 40, bool gzip = true)
	{
		json::Value c = json::Value::object();
		c.set("url", receiver.url());
		c.set("secret", SECRET);
		c.set("batch_size", batchSize);
		c.set("gzip", gzip);
		return c;
	}


	sdk::BatchBuilder people(int count)
	{
		sdk::BatchBuilder b({{"id", sdk::Type::Int64, false}, {"name", sdk::Type::String, true}, {"amount", sdk::Type::Decimal, true},
			{"born", sdk::Type::Date, true}, {"seen", sdk::Type::Timestamp, true}, {"active", sdk::Type::Bool, true}});
		for (int i = 0; i < count; ++i)
		{
			b.appendInt64(0, i);
			b.appendString(1, "Person \"" + std::to_string(i) + "\"\n");
			b.appendDecimal(2, std::to_string(i) + ".50");
			b.appendDate(3, 7305 + i);                   // 1990-01-01 + i
			b.appendTimestamp(4, 1767225600000000LL + i); // 2026-01-01T00:00:00.00000iZ
			if (i % 2) b.appendBool(5, true);
			else b.appendNull(5);
		}
		return b;
	}


	std::vector<plugins::RecordResult> writePeople(const json::Value& c, int count, uint32_t mode = POLYTOMIC_MODE_UPDATE_OR_CREATE)
	{
		sdk::BatchBuilder b = people(count);
		return plugin().write(c, "people", mode, {"id"}, b);
	}


	std::string header(const FakeHttpService::Request& r, const std::string& name)
	{
		for (const auto& [k, v]: r.headers)
			if (Poco::icompare(k, name) == 0) return v;
		return "";
	}
}


void WebhookWriterTest::testSignedGzipBatches()
{
	FakeWebhookReceiver receiver(SECRET);
	const auto results = writePeople(config(receiver), 100);
	CPPUNIT_ASSERT_EQUAL(std::size_t(100), results.size());
	for (const auto& r: results) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	CPPUNIT_ASSERT_EQUAL(0, receiver.badSignatures());
	const auto deliveries = receiver.deliveries();
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), deliveries.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(40), deliveries[0].records.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(20), deliveries[2].records.size());
	std::set<std::string> keys;
	for (const auto& d: deliveries)
	{
		CPPUNIT_ASSERT(d.gzip);
		CPPUNIT_ASSERT_EQUAL(std::string("updateOrCreate"), d.mode);
		CPPUNIT_ASSERT_EQUAL(std::string("people"), d.object);
		CPPUNIT_ASSERT_EQUAL(std::string("id"), d.identity);
		keys.insert(d.key);
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), keys.size());
	for (const auto& r: receiver.requests())
	{
		CPPUNIT_ASSERT_EQUAL(std::string("gzip"), header(r, "Content-Encoding"));
		CPPUNIT_ASSERT(header(r, "Polytomic-Signature").rfind("t=", 0) == 0);
		CPPUNIT_ASSERT_EQUAL(std::size_t(32), header(r, "Idempotency-Key").size());
	}
	const json::Value five = receiver.stored().at("5");
	CPPUNIT_ASSERT_EQUAL(std::string("Person \"5\"\n"), five.getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::string("5.50"), five.getString("amount"));
	CPPUNIT_ASSERT_EQUAL(std::string("1990-01-06"), five.getString("born"));
	CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:00.000005Z"), five.getString("seen"));
	CPPUNIT_ASSERT(five["active"].asBool());
	CPPUNIT_ASSERT(receiver.stored().at("4")["active"].isNull());

	// Without gzip the same body arrives plain, signed the same way.
	FakeWebhookReceiver plain(SECRET);
	for (const auto& r: writePeople(config(plain, 100, false), 10)) CPPUNIT_ASSERT(r.ok);
	CPPUNIT_ASSERT_EQUAL(std::string(""), header(plain.requests().at(0), "Content-Encoding"));
	CPPUNIT_ASSERT(!plain.deliveries().at(0).gzip);
	CPPUNIT_ASSERT_EQUAL(0, plain.badSignatures());
}


void WebhookWriterTest::testWrongSecretFailsTheBatch()
{
	FakeWebhookReceiver receiver("another-secret-of-the-receiver");
	try
	{
		writePeople(config(receiver), 5);
		CPPUNIT_FAIL("a refused signature must fail the batch");
	}
	catch (const plugins::ConnectorError& e)
	{
		const std::string message = e.what();
		CPPUNIT_ASSERT_MESSAGE(message, message.find("401") != std::string::npos && message.find("secret") != std::string::npos);
	}
	CPPUNIT_ASSERT_EQUAL(1, receiver.badSignatures());
	CPPUNIT_ASSERT(receiver.deliveries().empty());
}


void WebhookWriterTest::testPerRecordErrorsMapToTheirRecords()
{
	FakeWebhookReceiver receiver(SECRET);
	receiver.rejectWhere("id", "7", "id 7 is on the blocklist");
	receiver.rejectWhere("id", "52", "id 52 is archived");
	const auto results = writePeople(config(receiver), 60);
	CPPUNIT_ASSERT_EQUAL(std::size_t(60), results.size());
	for (int i = 0; i < 60; ++i)
	{
		const bool refused = i == 7 || i == 52;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(i), !refused, results[i].ok);
	}
	CPPUNIT_ASSERT(results[7].message.find("id 7 is on the blocklist") != std::string::npos);
	CPPUNIT_ASSERT(results[52].message.find("id 52 is archived") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(58), receiver.stored().size());
}


void WebhookWriterTest::testStatusOnlyIsAllOrNothing()
{
	FakeWebhookReceiver receiver(SECRET);
	receiver.answerStatusOnly(204);
	for (const auto& r: writePeople(config(receiver), 30)) CPPUNIT_ASSERT(r.ok);
	receiver.answerStatusOnly(422);
	const auto refused = writePeople(config(receiver), 30);
	for (const auto& r: refused)
	{
		CPPUNIT_ASSERT(!r.ok);
		CPPUNIT_ASSERT_MESSAGE(r.message, r.message.find("422") != std::string::npos);
	}
}


void WebhookWriterTest::testKeyStableAcrossRetries()
{
	FakeWebhookReceiver receiver(SECRET);
	// 502 twice (the host repeats it, as the key makes it harmless), then a 500 (repeated here), then one answer lost after acting.
	receiver.failNext(2, 502);
	for (const auto& r: writePeople(config(receiver, 100), 20)) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	receiver.failNext(1, 500);
	for (const auto& r: writePeople(config(receiver, 100), 20)) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	receiver.loseAnswers(1);
	for (const auto& r: writePeople(config(receiver, 100), 20)) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	const auto requests = receiver.requests();
	CPPUNIT_ASSERT_EQUAL(std::size_t(3 + 2 + 2), requests.size());
	CPPUNIT_ASSERT_EQUAL(header(requests[0], "Idempotency-Key"), header(requests[2], "Idempotency-Key"));
	CPPUNIT_ASSERT_EQUAL(header(requests[3], "Idempotency-Key"), header(requests[4], "Idempotency-Key"));
	CPPUNIT_ASSERT_EQUAL(header(requests[5], "Idempotency-Key"), header(requests[6], "Idempotency-Key"));
	CPPUNIT_ASSERT(header(requests[0], "Idempotency-Key") != header(requests[3], "Idempotency-Key"));
	// Three batches acted on once each: the lost answer's repeat was recognised by its key.
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), receiver.deliveries().size());
	CPPUNIT_ASSERT_EQUAL(1, receiver.repeatedKeys());
	for (const auto& [id, count]: receiver.deliveriesOf()) CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 3, count);
}


void WebhookWriterTest::testWithoutKeyNothingRepeated()
{
	FakeWebhookReceiver receiver(SECRET);
	json::Value c = config(receiver);
	c.set("idempotency_key", false);
	receiver.loseAnswers(1);
	try
	{
		writePeople(c, 10);
		CPPUNIT_FAIL("a lost answer without a key must fail the batch, not repeat it");
	}
	catch (const plugins::ConnectorError& e)
	{
		const std::string message = e.what();
		CPPUNIT_ASSERT_MESSAGE(message, message.find("503") != std::string::npos && message.find("idempotency key") != std::string::npos);
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver.requests().size());
	CPPUNIT_ASSERT_EQUAL(std::string(""), header(receiver.requests()[0], "Idempotency-Key"));
	// A 503 with Retry-After says the receiver did not act: repeated even without a key.
	receiver.failNext(1, 503, "1");
	for (const auto& r: writePeople(c, 10)) CPPUNIT_ASSERT(r.ok);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), receiver.requests().size());
}


void WebhookWriterTest::testRetryAfterHonoured()
{
	FakeWebhookReceiver receiver(SECRET);
	receiver.failNext(1, 429, "2");
	for (const auto& r: writePeople(config(receiver), 10)) CPPUNIT_ASSERT(r.ok);
	const auto requests = receiver.requests();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), requests.size());
	const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(requests[1].at - requests[0].at).count();
	CPPUNIT_ASSERT_MESSAGE(std::to_string(waited), waited >= 1900);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver.deliveries().size());

	// Four refusals: three attempts under one signature, then a round signed anew, so t never grows old.
	FakeWebhookReceiver busy(SECRET);
	busy.failNext(4, 429, "1");
	for (const auto& r: writePeople(config(busy), 10)) CPPUNIT_ASSERT(r.ok);
	const auto tried = busy.requests();
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), tried.size());
	CPPUNIT_ASSERT_EQUAL(header(tried[0], "Polytomic-Signature"), header(tried[2], "Polytomic-Signature"));
	CPPUNIT_ASSERT(header(tried[0], "Polytomic-Signature") != header(tried[3], "Polytomic-Signature"));
	CPPUNIT_ASSERT_EQUAL(header(tried[0], "Idempotency-Key"), header(tried[4], "Idempotency-Key"));
	CPPUNIT_ASSERT_EQUAL(0, busy.badSignatures());
}


void WebhookWriterTest::testSlowReceiverTimesOutOnce()
{
	FakeWebhookReceiver receiver(SECRET);
	// The receiver acts, then answers after the connector stopped waiting: the repeat carries the same key.
	receiver.slowNext(1, std::chrono::milliseconds(2500));
	json::Value c = config(receiver);
	c.set("timeout_seconds", 1);
	for (const auto& r: writePeople(c, 15)) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	const auto requests = receiver.requests();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), requests.size());
	CPPUNIT_ASSERT_EQUAL(header(requests[0], "Idempotency-Key"), header(requests[1], "Idempotency-Key"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver.deliveries().size());
	CPPUNIT_ASSERT_EQUAL(1, receiver.repeatedKeys());
	for (const auto& [id, count]: receiver.deliveriesOf()) CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 1, count);
}


void WebhookWriterTest::testTooLargeBatchSplits()
{
	FakeWebhookReceiver receiver(SECRET);
	receiver.setMaxRecords(12);
	for (const auto& r: writePeople(config(receiver, 40), 40)) CPPUNIT_ASSERT_MESSAGE(r.message, r.ok);
	std::size_t records = 0;
	for (const auto& d: receiver.deliveries())
	{
		CPPUNIT_ASSERT(d.records.size() <= 12);
		records += d.records.size();
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(40), records);
	CPPUNIT_ASSERT_EQUAL(std::size_t(40), receiver.stored().size());
}


void WebhookWriterTest::testCheckAndConfiguration()
{
	FakeWebhookReceiver receiver(SECRET);
	plugin().session().check(config(receiver));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver.requests().size());
	CPPUNIT_ASSERT(receiver.deliveries().empty());
	auto refused = [&](json::Value c, const std::string& words) {
		try
		{
			plugin().session().check(c);
		}
		catch (const plugins::ConnectorError& e)
		{
			CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find(words) != std::string::npos);
			return;
		}
		CPPUNIT_FAIL("accepted: " + c.dump());
	};
	json::Value wrong = config(receiver);
	wrong.set("secret", "not-the-receivers-secret");
	refused(wrong, "secret");
	refused(json::Value::object(), "url is required");
	json::Value shortSecret = config(receiver);
	shortSecret.set("secret", "short");
	refused(shortSecret, "at least 16");
	json::Value batch = config(receiver);
	batch.set("batch_size", 0);
	refused(batch, "batch_size");
	const json::Value catalog = plugin().session().discover(config(receiver));
	CPPUNIT_ASSERT_EQUAL(std::string("records"), catalog["objects"][0].getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("id"), catalog["objects"][0]["primary_key"][0].asString());
}


CppUnit::Test* WebhookWriterTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WebhookWriterTest");
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testSignedGzipBatches);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testWrongSecretFailsTheBatch);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testPerRecordErrorsMapToTheirRecords);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testStatusOnlyIsAllOrNothing);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testKeyStableAcrossRetries);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testWithoutKeyNothingRepeated);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testRetryAfterHonoured);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testSlowReceiverTimesOutOnce);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testTooLargeBatchSplits);
	POLYTOMIC_ADD_TEST(suite, WebhookWriterTest, testCheckAndConfiguration);
	return suite;
}
