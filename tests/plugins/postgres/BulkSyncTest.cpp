//
// BulkSyncTest.cpp
//
// Bulk syncs end to end through the REST API: a web process queues, a worker
// process (another server, ROLE=worker) runs, PostgreSQL on both sides.
//


#include "BulkSyncTest.h"
#include "ApiFixture.h"
#include "PostgresHarness.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include "Poco/Base64Encoder.h"
#include <cppunit/TestAssert.h>
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/StreamCopier.h"
#include <csignal>
#include <iomanip>
#include <mutex>
#include <openssl/hmac.h>
#include <set>
#include <sstream>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	using Client = ApiClient;


	json::Value waitForEnd(const Client& api, const std::string& syncId, const std::string& executionId)
	{
		return waitForExecution(api, "/api/bulk/syncs/" + syncId + "/executions/" + executionId);
	}


	std::string connection(const Client& api, const std::string& name, const TestDatabase& db)
	{
		return createConnection(api, name, db);
	}


	Client clientFor(const TestDatabase& app, unsigned port)
	{
		return ApiClient::forOrganization(app, port);
	}


	bool same(const TestDatabase& source, const TestDatabase& destination, const std::string& table)
	{
		return sameRows(source, destination, table);
	}
}


void BulkSyncTest::testSnapshotAndReplicateThroughTheApi()
{
	TestDatabase app("bulkapp"), source("bulksrc"), destination("bulkdst");
	source.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, updated_at timestamptz NOT NULL)");
	source.execute("INSERT INTO users SELECT i, 'user ' || i, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute' "
		"FROM generate_series(1, 1000) AS i");
	source.execute("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric(12,2), updated_at timestamptz NOT NULL)");
	source.execute("INSERT INTO orders SELECT i, i % 1000 + 1, i * 0.5, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute' "
		"FROM generate_series(1, 2000) AS i");

	// The web role only: executions wait in the queue.
	const unsigned webPort = TestEnvironment::freePort();
	auto web = startServer(serverEnvironment(app, webPort, "web"));
	const Client api = clientFor(app, webPort);

	const std::string from = connection(api, "Source", source);
	const std::string to = connection(api, "Warehouse", destination);
	json::Value create = json::Value::parse(R"({"name": "Nightly", "mode": "snapshot", "schemas": ["public.users", "public.orders"],
		"destination_configuration": {"schema": "public"}})");
	create.set("source_connection_id", from);
	create.set("destination_connection_id", to);
	const std::string syncId = api.data("POST", "/api/bulk/syncs", create.dump()).getString("id");

	json::Value queued = api.data("POST", "/api/bulk/syncs/" + syncId + "/executions");
	CPPUNIT_ASSERT_EQUAL(std::string("scheduled"), queued.getString("status"));  // the SDK's name for waiting for a worker
	HttpReply twice = api.call("POST", "/api/bulk/syncs/" + syncId + "/executions");
	CPPUNIT_ASSERT_EQUAL(409, twice.status);
	CPPUNIT_ASSERT(twice.body.find("already queued") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(200, api.call("POST", "/api/bulk/syncs/" + syncId + "/cancel").status);
	CPPUNIT_ASSERT_EQUAL(std::string("canceled"),
		api.data("GET", "/api/bulk/syncs/" + syncId + "/executions/" + queued.getString("id")).getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), api.data("GET", "/api/events?type=bulk_sync.canceled").size());
	CPPUNIT_ASSERT_EQUAL(422, api.call("DELETE", "/api/connections/" + from).status);

	// A worker process (ROLE=worker) runs what the web process queued.
	const std::string first = api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	auto worker = startServer(serverEnvironment(app, TestEnvironment::freePort(), "worker"));
	json::Value done = waitForEnd(api, syncId, first);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_EQUAL(int64_t(3000), done.getInt64("record_count", 0));
	CPPUNIT_ASSERT(same(source, destination, "users") && same(source, destination, "orders"));
	json::Value console = api.data("GET", "/api/bulk/syncs/" + syncId + "/executions/" + first + "/console");
	CPPUNIT_ASSERT(console.dump().find("copying public.users into public.users") != std::string::npos);
	CPPUNIT_ASSERT(console.dump().find("public.orders: 2000 records written, 0 rejected") != std::string::npos);

	// Snapshot again after deletes, updates and inserts: the destination follows exactly.
	source.execute("DELETE FROM users WHERE id % 10 = 0");
	source.execute("UPDATE users SET name = 'renamed ' || id, updated_at = now() WHERE id % 7 = 0");
	source.execute("INSERT INTO users VALUES (5000, 'new', now())");
	json::Value again = waitForEnd(api, syncId, api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("completed"), again.getString("status"));
	CPPUNIT_ASSERT(same(source, destination, "users"));

	// Replicate: the first run reads everything, the next only what changed.
	json::Value replicate = create;
	replicate.set("mode", "replicate");
	api.data("PUT", "/api/bulk/syncs/" + syncId, replicate.dump());
	CPPUNIT_ASSERT_EQUAL(std::string("completed"),
		waitForEnd(api, syncId, api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id")).getString("status"));
	source.execute("UPDATE orders SET amount = 0, updated_at = timestamptz '2030-01-01 00:00:00+00' WHERE id <= 5");
	source.execute("INSERT INTO orders VALUES (9001, 1, 1.5, timestamptz '2030-01-02 00:00:00+00')");
	json::Value incremental = waitForEnd(api, syncId, api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(incremental.dump(), std::string("completed"), incremental.getString("status"));
	int64_t ordersWritten = -1;
	for (const auto& s: incremental["schemas"].items())
		if (s.getString("schema") == "public.orders") ordersWritten = s.getInt64("record_count", -1);
	CPPUNIT_ASSERT_EQUAL(int64_t(6), ordersWritten);
	CPPUNIT_ASSERT(same(source, destination, "orders"));

	// An object without a primary key fails alone, with the reason.
	source.execute("CREATE TABLE logs (line text)");
	json::Value withLogs = replicate;
	withLogs.set("schemas", json::Value::parse(R"(["public.users", "public.logs"])"));
	api.data("PUT", "/api/bulk/syncs/" + syncId, withLogs.dump());
	json::Value partial = waitForEnd(api, syncId, api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), partial.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("1 of 2 objects failed"), partial.getString("status_message"));
	CPPUNIT_ASSERT(partial.dump().find("has no primary key") != std::string::npos);
	json::Value status = api.data("GET", "/api/bulk/syncs/" + syncId + "/status");
	CPPUNIT_ASSERT(status["current_execution"].isNull());
	CPPUNIT_ASSERT_EQUAL(partial.getString("id"), status["last_execution"].getString("id"));

	// A choice of fields: those, and the primary key, land in the destination.
	json::Value narrow = json::Value::parse(R"({"name": "Names only", "mode": "snapshot", "destination_configuration": {"schema": "narrow"},
		"schemas": [{"id": "public.users", "fields": ["name"]}]})");
	narrow.set("source_connection_id", from);
	narrow.set("destination_connection_id", to);
	const std::string narrowId = api.data("POST", "/api/bulk/syncs", narrow.dump()).getString("id");
	json::Value names = waitForEnd(api, narrowId, api.data("POST", "/api/bulk/syncs/" + narrowId + "/executions").getString("id"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(names.dump(), std::string("completed"), names.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("id,name"), destination.scalar("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
		"FROM information_schema.columns WHERE table_schema = 'narrow' AND table_name = 'users'"));
	CPPUNIT_ASSERT(PostgresHarness::dump(source, "(SELECT id, name FROM users)", "t") == PostgresHarness::dump(destination, "narrow.users", "t"));
}


void BulkSyncTest::testWorkersKilledMidSync()
{
	TestDatabase app("killapp"), source("killsrc"), destination("killdst");
	source.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, note text, updated_at timestamptz NOT NULL)");
	source.execute("INSERT INTO users SELECT i, 'user ' || i, repeat('x', 100), timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' "
		"FROM generate_series(1, 500000) AS i");
	const unsigned webPort = TestEnvironment::freePort();
	auto web = startServer(serverEnvironment(app, webPort, "web"));
	const Client api = clientFor(app, webPort);
	json::Value create = json::Value::parse(R"({"name": "Big", "mode": "snapshot", "schemas": ["public.users"]})");
	create.set("source_connection_id", connection(api, "Source", source));
	create.set("destination_connection_id", connection(api, "Warehouse", destination));
	const std::string syncId = api.data("POST", "/api/bulk/syncs", create.dump()).getString("id");
	const std::string executionId = api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");

	// kill -9 two workers at different points of the run; a third finishes it.
	const std::string claimedBy = "SELECT coalesce(worker, '') FROM bulk_sync_executions WHERE id = '" + executionId + "' AND status = 'running'";
	std::string previous;
	for (int round = 0; round < 2; ++round)
	{
		auto worker = startServer(serverEnvironment(app, TestEnvironment::freePort(), "worker"));
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
		while ((app.scalar(claimedBy).empty() || app.scalar(claimedBy) == previous) && std::chrono::steady_clock::now() < deadline)
			std::this_thread::sleep_for(std::chrono::milliseconds(20));
		previous = app.scalar(claimedBy);
		if (round == 1)
		{
			// The second worker dies in the middle of the copy: some batches went into the destination's new table.
			const auto copying = [&destination] {
				if (destination.scalar("SELECT to_regclass('public.users') IS NOT NULL") == "t") return true; // (what a table half-written would show)
				return destination.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
					"AND state IN ('active', 'idle in transaction') AND xact_start < now() - interval '300 milliseconds'") != "0";
			};
			while (!copying() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
			CPPUNIT_ASSERT_MESSAGE("the copy never started", copying());
		}
		worker->signal(SIGKILL);
		worker->wait(std::chrono::milliseconds(5000));
		CPPUNIT_ASSERT_MESSAGE("the run ended before the worker was killed; the test proves nothing",
			app.scalar("SELECT status FROM bulk_sync_executions WHERE id = '" + executionId + "'") == "running");
		// A first snapshot's table appears whole or not at all: the crash left no table behind.
		const auto gone = std::chrono::steady_clock::now() + std::chrono::seconds(10);
		while (destination.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
			"AND xact_start IS NOT NULL") != "0" &&
			std::chrono::steady_clock::now() < gone)
			std::this_thread::sleep_for(std::chrono::milliseconds(20));
		CPPUNIT_ASSERT_EQUAL(std::string("t"), destination.scalar("SELECT to_regclass('public.users') IS NULL"));
	}
	auto last = startServer(serverEnvironment(app, TestEnvironment::freePort(), "worker"));
	json::Value done = waitForEnd(api, syncId, executionId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT(std::stoi(app.scalar("SELECT attempts FROM bulk_sync_executions WHERE id = '" + executionId + "'")) >= 3);
	CPPUNIT_ASSERT_EQUAL(std::string("500000"), destination.scalar("SELECT count(*) FROM users"));
	CPPUNIT_ASSERT(same(source, destination, "users"));
	const json::Value& schema = done["schemas"][0];
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), int64_t(500000), schema.getInt64("record_count", -1));

	// Without retries, a killed executor fails the run, which shows the state of each object.
	const std::string failing = api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	std::vector<pid_t> executors;
	while (app.scalar("SELECT schemas::text FROM bulk_sync_executions WHERE id = '" + failing + "'").find("running") == std::string::npos &&
		std::chrono::steady_clock::now() < until)
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	while ((executors = childrenOf(last->pid(), "execute")).empty() && std::chrono::steady_clock::now() < until)
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	CPPUNIT_ASSERT(!executors.empty());
	::kill(executors[0], SIGKILL);
	json::Value failed = waitForEnd(api, syncId, failing);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::size_t(1), failed["schemas"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("public.users"), failed["schemas"][0].getString("schema"));
	CPPUNIT_ASSERT_EQUAL(std::string("failed"), failed["schemas"][0].getString("status"));
	CPPUNIT_ASSERT(failed["schemas"][0].getString("status_message").find("signal 9") != std::string::npos);
}


namespace
{
	struct Hook
		/// What the fake webhook receiver saw.
	{
		std::mutex mutex;
		std::vector<std::pair<std::string, std::string>> received; /// (signature, body) of the accepted ones
		int requests = 0;
	};


	class HookHandler: public Poco::Net::HTTPRequestHandler
	{
	public:
		explicit HookHandler(Hook& hook): _hook(hook) {}

		void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
		{
			std::string body;
			Poco::StreamCopier::copyToString(request.stream(), body);
			std::lock_guard<std::mutex> lock(_hook.mutex);
			// The first two deliveries fail: the sender must retry.
			if (++_hook.requests <= 2)
			{
				response.setStatus(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
				response.send();
				return;
			}
			_hook.received.emplace_back(request.get("Polytomic-Signature", ""), body);
			response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
			response.send();
		}

	private:
		Hook& _hook;
	};


	class HookFactory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		explicit HookFactory(Hook& hook): _hook(hook) {}
		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new HookHandler(_hook); }

	private:
		Hook& _hook;
	};


	std::string hmacHex(const std::string& key, const std::string& body)
	{
		unsigned char digest[EVP_MAX_MD_SIZE];
		unsigned int length = 0;
		HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
		std::ostringstream hex;
		for (unsigned int i = 0; i < length; ++i) hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(digest[i]);
		return hex.str();
	}
}


void BulkSyncTest::testEventsAndSignedWebhooks()
{
	Hook hook;
	Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
	Poco::Net::HTTPServer receiver(new HookFactory(hook), socket, new Poco::Net::HTTPServerParams);
	receiver.start();

	TestDatabase app("hookapp"), source("hooksrc"), destination("hookdst");
	source.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
	source.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 100) AS i");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web,worker"));
	const Client api = clientFor(app, port);

	json::Value webhook = json::Value::object();
	webhook.set("endpoint", "http://127.0.0.1:" + std::to_string(socket.address().port()) + "/hook");
	webhook.set("secret", "whsec-0123456789");
	json::Value created = api.data("POST", "/api/webhooks", webhook.dump());
	CPPUNIT_ASSERT_EQUAL(std::string("********"), created.getString("secret"));
	CPPUNIT_ASSERT_EQUAL(400, api.call("POST", "/api/webhooks", R"({"endpoint": "ftp://x", "secret": "s"})").status);

	json::Value sync = json::Value::parse(R"({"name": "Items", "mode": "snapshot", "schemas": ["public.items"]})");
	sync.set("source_connection_id", connection(api, "Source", source));
	sync.set("destination_connection_id", connection(api, "Warehouse", destination));
	const std::string syncId = api.data("POST", "/api/bulk/syncs", sync.dump()).getString("id");
	const std::string executionId = api.data("POST", "/api/bulk/syncs/" + syncId + "/executions").getString("id");
	CPPUNIT_ASSERT_EQUAL(std::string("completed"), waitForEnd(api, syncId, executionId).getString("status"));

	// The event is recorded just after the execution's status (by the worker that finished it).
	json::Value events = api.data("GET", "/api/events?type=bulk_sync.completed");
	for (int i = 0; i < 100 && events.size() == 0; ++i)
	{
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
		events = api.data("GET", "/api/events?type=bulk_sync.completed");
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
	CPPUNIT_ASSERT_EQUAL(executionId, events[0]["payload"].getString("execution_id"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), api.data("GET", "/api/events").size()); // running, completed

	// Both events arrive, signed, after the receiver refused the first two deliveries.
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (std::chrono::steady_clock::now() < deadline)
	{
		{
			std::lock_guard<std::mutex> lock(hook.mutex);
			if (hook.received.size() >= 2) break;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	std::lock_guard<std::mutex> lock(hook.mutex);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), hook.received.size());
	CPPUNIT_ASSERT_EQUAL(4, hook.requests);
	std::set<std::string> types;
	for (const auto& [signature, body]: hook.received)
	{
		CPPUNIT_ASSERT_EQUAL(hmacHex("whsec-0123456789", body), signature);
		types.insert(json::Value::parse(body).getString("event"));
	}
	CPPUNIT_ASSERT(types.count("bulk_sync.running") && types.count("bulk_sync.completed"));
	receiver.stopAll(true);
}


void BulkSyncTest::testSchedulerAndRunAfter()
{
	TestDatabase app("schedapp"), source("schedsrc"), destination("scheddst");
	source.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
	source.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 50) AS i");
	source.execute("CREATE TABLE extras (id bigint PRIMARY KEY, note text)");
	source.execute("INSERT INTO extras SELECT i, 'note ' || i FROM generate_series(1, 20) AS i");
	const unsigned port = TestEnvironment::freePort();
	auto first = startServer(serverEnvironment(app, port, "web,worker,scheduler"));
	auto second = startServer(serverEnvironment(app, TestEnvironment::freePort(), "scheduler"));
	const Client api = clientFor(app, port);

	json::Value hourly = json::Value::parse(R"({"name": "Hourly", "mode": "snapshot", "schemas": ["public.items"],
		"schedule": {"frequency": "hourly", "minute": 0}})");
	hourly.set("source_connection_id", connection(api, "Source", source));
	hourly.set("destination_connection_id", connection(api, "Warehouse", destination));
	const std::string a = api.data("POST", "/api/bulk/syncs", hourly.dump()).getString("id");
	json::Value after = hourly;
	after.set("name", "After");
	after.set("schemas", json::Value::parse(R"(["public.extras"])"));
	json::Value schedule = json::Value::parse(R"({"frequency": "runafter", "run_after_success_only": true})");
	json::Value runAfter = json::Value::object();
	runAfter.set("bulk_sync_ids", json::Value::array()).push(a);
	schedule.set("run_after", runAfter);
	after.set("schedule", schedule);
	const std::string b = api.data("POST", "/api/bulk/syncs", after.dump()).getString("id");
	CPPUNIT_ASSERT_EQUAL(std::string("t"), app.scalar("SELECT next_run_at > now() FROM bulk_syncs WHERE id = '" + a + "'"));
	CPPUNIT_ASSERT_EQUAL(std::string("t"), app.scalar("SELECT next_run_at IS NULL FROM bulk_syncs WHERE id = '" + b + "'"));
	HttpReply bad = api.call("POST", "/api/bulk/syncs", json::Value::parse(R"({"name": "x", "schemas": ["public.items"],
		"schedule": {"frequency": "custom", "cron": "0 0 30 2 *"}, "source_connection_id": "x", "destination_connection_id": "y"})").dump());
	CPPUNIT_ASSERT_EQUAL(400, bad.status);
	CPPUNIT_ASSERT(bad.body.find("never runs") != std::string::npos);

	// Make A due now: exactly one of the two schedulers queues it, once.
	app.execute("UPDATE bulk_syncs SET next_run_at = now() - interval '1 second' WHERE id = '" + a + "'");
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
	while (app.scalar("SELECT count(*) FROM bulk_sync_executions WHERE bulk_sync_id = '" + b + "' AND status = 'completed'") == "0" &&
		std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	std::this_thread::sleep_for(std::chrono::seconds(2)); // room for a doubled run to show up
	CPPUNIT_ASSERT_EQUAL(std::string("1"), app.scalar("SELECT count(*) FROM bulk_sync_executions WHERE bulk_sync_id = '" + a +
		"' AND trigger = 'schedule' AND status = 'completed'"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), app.scalar("SELECT count(*) FROM bulk_sync_executions WHERE bulk_sync_id = '" + a + "'"));
	CPPUNIT_ASSERT_EQUAL(std::string("t"), app.scalar("SELECT next_run_at > now() AND extract(minute FROM next_run_at) = 0 "
		"FROM bulk_syncs WHERE id = '" + a + "'"));
	CPPUNIT_ASSERT_EQUAL(std::string("runafter|completed"), app.scalar("SELECT trigger || '|' || status FROM bulk_sync_executions "
		"WHERE bulk_sync_id = '" + b + "'"));
	CPPUNIT_ASSERT(same(source, destination, "items") && same(source, destination, "extras"));
	const std::string logs = first->output() + second->output();
	int active = 0;
	for (auto pos = logs.find("this scheduler is the active one"); pos != std::string::npos; pos = logs.find("this scheduler is the active one", pos + 1))
		++active;
	CPPUNIT_ASSERT_EQUAL(1, active);
}


CppUnit::Test* BulkSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BulkSyncTest");
	POLYTOMIC_ADD_TEST(suite, BulkSyncTest, testSnapshotAndReplicateThroughTheApi);
	POLYTOMIC_ADD_TEST(suite, BulkSyncTest, testWorkersKilledMidSync);
	POLYTOMIC_ADD_TEST(suite, BulkSyncTest, testEventsAndSignedWebhooks);
	POLYTOMIC_ADD_TEST(suite, BulkSyncTest, testSchedulerAndRunAfter);
	return suite;
}
