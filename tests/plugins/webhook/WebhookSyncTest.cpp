//
// WebhookSyncTest.cpp
//
// The Webhook connector through the engine: model syncs from PostgreSQL into
// the fake receiver (signatures checked, per-record errors mapped to their
// records, a 503 retried with nothing delivered twice), and the conformance
// harness.
//


#include "WebhookSyncTest.h"
#include "ApiFixture.h"
#include "fakes/FakeWebhookReceiver.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <cppunit/TestAssert.h>
#include <fstream>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const char* const SECRET = "whsec-the-receivers-own-secret";


	struct Pipeline
		/// A server, a warehouse of people with a model of them, and a webhook connection to the fake receiver.
	{
		FakeWebhookReceiver receiver{SECRET};
		TestDatabase app, warehouse;
		unsigned port;
		std::unique_ptr<ChildProcess> server;
		std::unique_ptr<ApiClient> admin;
		std::string webhookId, warehouseId, modelId;

		Pipeline(const std::string& prefix, int people):
			app(prefix + "app"),
			warehouse(prefix + "wh"),
			port(TestEnvironment::freePort())
		{
			server = startServer(serverEnvironment(app, port, "web,worker"));
			admin = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
			warehouse.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, first text, score numeric(10,2))");
			warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, i * 1.5 FROM generate_series(1, " +
				std::to_string(people) + ") AS i");
			warehouseId = createConnection(*admin, "Warehouse", warehouse);
			json::Value body = json::Value::object();
			body.set("name", "Receiver");
			body.set("type", "webhook");
			json::Value configuration = json::Value::object();
			configuration.set("url", receiver.url());
			configuration.set("secret", SECRET);
			configuration.set("object", "people");
			configuration.set("identity_field", "email");
			configuration.set("batch_size", 50);
			body.set("configuration", configuration);
			webhookId = admin->data("POST", "/api/connections", body.dump()).getString("id");
			json::Value model = json::Value::object();
			model.set("name", "People");
			model.set("connection_id", warehouseId);
			model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
			model.set("identifier", "email");
			modelId = admin->data("POST", "/api/models", model.dump()).getString("id");
		}

		json::Value mapping(const std::string& source, const std::string& target) const
		{
			json::Value m = json::Value::object();
			json::Value field = json::Value::object();
			field.set("model_id", modelId);
			field.set("field", source);
			m.set("source", field);
			m.set("target", target);
			return m;
		}

		std::string sync() const
		{
			json::Value body = json::Value::object();
			body.set("name", "People to the receiver");
			body.set("mode", "updateOrCreate");
			json::Value target = json::Value::object();
			target.set("connection_id", webhookId);
			target.set("object", "people");
			body.set("target", target);
			json::Value fields = json::Value::array();
			fields.push(mapping("first", "first_name"));
			fields.push(mapping("score", "score"));
			body.set("fields", fields);
			json::Value identity = mapping("email", "email");
			identity.set("function", "Equality");
			body.set("identity", identity);
			return admin->data("POST", "/api/syncs", body.dump()).getString("id");
		}

		json::Value run(const std::string& syncId) const
		{
			const std::string id = admin->data("POST", "/api/syncs/" + syncId + "/executions", "{}").getString("id");
			return waitForExecution(*admin, "/api/syncs/" + syncId + "/executions/" + id, 300);
		}
	};
}


void WebhookSyncTest::testModelSyncSignedWithRecordErrors()
{
	Pipeline p("whsync", 240);
	p.receiver.rejectWhere("email", "p7@example.com", "p7 has unsubscribed");
	p.receiver.rejectWhere("email", "p123@example.com", "p123 is a test account");
	const std::string sync = p.sync();
	const json::Value done = p.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), 2LL, static_cast<long long>(done["counts"].getInt64("error", -1)));
	const std::string errors = done["errors"].dump();
	CPPUNIT_ASSERT_MESSAGE(errors, errors.find("p7@example.com: the receiver refused the record: p7 has unsubscribed") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(errors, errors.find("p123@example.com: the receiver refused the record: p123 is a test account") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(0, p.receiver.badSignatures());
	const auto stored = p.receiver.stored();
	CPPUNIT_ASSERT_EQUAL(std::size_t(238), stored.size());
	CPPUNIT_ASSERT_EQUAL(std::string("Person 10"), stored.at("p10@example.com").getString("first_name"));
	CPPUNIT_ASSERT_EQUAL(std::string("15.00"), stored.at("p10@example.com").getString("score"));
	for (const auto& d: p.receiver.deliveries())
	{
		CPPUNIT_ASSERT(d.gzip);
		CPPUNIT_ASSERT(d.records.size() <= 50);
		CPPUNIT_ASSERT_EQUAL(std::string("people"), d.object);
		CPPUNIT_ASSERT_EQUAL(std::string("email"), d.identity);
	}

	// The next run sends only the two rejected records again (the change ledger has the rest).
	p.receiver.clearRejections();
	const std::size_t before = p.receiver.deliveries().size();
	const json::Value again = p.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.dump(), std::string("completed"), again.getString("status"));
	const auto deliveries = p.receiver.deliveries();
	CPPUNIT_ASSERT_EQUAL(before + 1, deliveries.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), deliveries.back().records.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(240), p.receiver.stored().size());
	CPPUNIT_ASSERT_EQUAL(0LL, static_cast<long long>(again["counts"].getInt64("error", -1)));
	for (const auto& [email, count]: p.receiver.deliveriesOf()) CPPUNIT_ASSERT_EQUAL_MESSAGE(email, 1, count);
}


void WebhookSyncTest::testRetryAfter503DeliversNothingTwice()
{
	Pipeline p("whretry", 400);
	// Answers lost after the receiver acted (503 without Retry-After), then refusals before it acted.
	p.receiver.loseAnswers(3);
	const json::Value done = p.run(p.sync());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), 0LL, static_cast<long long>(done["counts"].getInt64("error", -1)));
	CPPUNIT_ASSERT_EQUAL(3, p.receiver.repeatedKeys());
	const auto delivered = p.receiver.deliveriesOf();
	CPPUNIT_ASSERT_EQUAL(std::size_t(400), delivered.size());
	for (const auto& [email, count]: delivered) CPPUNIT_ASSERT_EQUAL_MESSAGE(email, 1, count);
	CPPUNIT_ASSERT_EQUAL(std::size_t(8), p.receiver.deliveries().size());
	CPPUNIT_ASSERT(p.receiver.requests().size() >= 8 + 3 + 1);
}


void WebhookSyncTest::testHarness()
{
	FakeWebhookReceiver receiver(SECRET);
	const std::string dir = "/tmp/webhook-harness-" + std::to_string(::getpid());
	const std::string configFile = dir + "-config.json", recordsFile = dir + "-records.json";
	json::Value c = json::Value::object();
	c.set("url", receiver.url());
	c.set("secret", SECRET);
	{
		std::ofstream out(configFile);
		out << c.dump();
	}
	json::Value records = json::Value::parse(R"({"fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
		{"name": "amount", "type": "float64"}], "sample": []})");
	json::Value sample = json::Value::array();
	for (int i = 0; i < 25; ++i)
	{
		json::Value row = json::Value::array();
		row.push("r" + std::to_string(i));
		row.push("Record " + std::to_string(i));
		row.push(i * 0.5);
		sample.push(row);
	}
	records.set("sample", sample);
	{
		std::ofstream out(recordsFile);
		out << records.dump();
	}
	int exitCode = -1;
	const std::string output = ChildProcess::run(CONNECTOR_TEST_BIN, {WEBHOOK_PLUGIN, "--config", configFile, "--records", recordsFile,
		"--identity", "id"}, {{"PATH", "/usr/bin:/bin"}}, exitCode, std::chrono::milliseconds(300000));
	std::remove(configFile.c_str());
	std::remove(recordsFile.c_str());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, exitCode);
	CPPUNIT_ASSERT_MESSAGE(output, output.find(" 0 failed") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("PASS  write create reports every record: 20 records") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(output, output.find("PASS  write updateOrCreate reports every record: 20 records") != std::string::npos);
	// What is skipped is what a destination cannot do: read, and read back.
	std::istringstream lines(output);
	for (std::string line; std::getline(lines, line);)
		if (line.rfind("SKIP", 0) == 0)
			CPPUNIT_ASSERT_MESSAGE(line, line.find("not a source") != std::string::npos || line.find("nothing was read") != std::string::npos ||
				line.find("cannot read the object back") != std::string::npos || line.find("batched read did not run") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(0, receiver.badSignatures());
	// Each mode's check wrote the 20 records twice: 40 deliveries of 20 records, in 4 batches.
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), receiver.deliveries().size());
}


CppUnit::Test* WebhookSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WebhookSyncTest");
	POLYTOMIC_ADD_TEST(suite, WebhookSyncTest, testModelSyncSignedWithRecordErrors);
	POLYTOMIC_ADD_TEST(suite, WebhookSyncTest, testRetryAfter503DeliversNothingTwice);
	POLYTOMIC_ADD_TEST(suite, WebhookSyncTest, testHarness);
	return suite;
}
