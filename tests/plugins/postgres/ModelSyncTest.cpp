//
// ModelSyncTest.cpp
//
// Models and model syncs (reverse ETL) end to end through the REST API: a
// server process queues and runs, PostgreSQL as source and as target, each
// target table checked against the rows it must end with.
//


#include "ModelSyncTest.h"
#include "ApiFixture.h"
#include "PostgresHarness.h"
#include "fakes/FakeSmtpServer.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include "Poco/String.h"
#include <cppunit/TestAssert.h>
#include <csignal>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	json::Value recordLog(const ApiClient& api, const std::string& path)
		/// The entries of an execution's record log: each of its files fetched
		/// through its signed link, without credentials.
	{
		json::Value entries = json::Value::array();
		const json::Value urls = api.data("GET", path)["urls"];
		for (const auto& url: urls.items())
		{
			const std::string link = url.asString();
			const HttpReply file = HttpProbe::get(api.port, link.substr(link.find("/api/execution-logs/")));
			if (file.status != 200) throw std::runtime_error(link + ": " + std::to_string(file.status) + " " + file.body);
			const json::Value part = json::Value::parse(file.body);
			for (const auto& entry: part.items()) entries.push(entry);
		}
		return entries;
	}


	struct Setup
		/// An app database, a source with a people table, a target, a server
		/// running web and worker, and a table model of people.
	{
		explicit Setup(const std::string& prefix, int rows = 100, const std::string& role = "web,worker",
			std::map<std::string, std::string> extra = {}):
			app(prefix + "app"),
			source(prefix + "src"),
			target(prefix + "dst")
		{
			source.execute("CREATE TABLE people (id bigint PRIMARY KEY, name text, email text, score numeric(12,2))");
			source.execute("INSERT INTO people SELECT i, 'person ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'p' || i || '@example.com' END, "
				"i * 1.5 FROM generate_series(1, " + std::to_string(rows) + ") AS i");
			port = TestEnvironment::freePort();
			auto env = serverEnvironment(app, port, role);
			for (const auto& [k, v]: extra) env[k] = v;
			server = startServer(env);
			api = std::make_unique<ApiClient>(ApiClient::forOrganization(app, port));
			sourceId = createConnection(*api, "Warehouse", source);
			targetId = createConnection(*api, "App database", target);
			json::Value model = json::Value::object();
			model.set("name", "People");
			model.set("connection_id", sourceId);
			model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
			model.set("identifier", "id");
			modelId = api->data("POST", "/api/models", model.dump()).getString("id");
		}

		json::Value field(const std::string& name) const
		{
			json::Value f = json::Value::object();
			f.set("model_id", modelId);
			f.set("field", name);
			return f;
		}

		json::Value mapping(const std::string& source, const std::string& target) const
		{
			json::Value m = json::Value::object();
			m.set("source", field(source));
			m.set("target", target);
			return m;
		}

		json::Value syncBody(const std::string& mode, const std::string& object, bool identity = true) const
			/// id -> id (identity), name -> full_name, email -> email.
		{
			json::Value body = json::Value::object();
			body.set("name", mode + " into " + object);
			body.set("mode", mode);
			json::Value target = json::Value::object();
			target.set("connection_id", targetId);
			target.set("object", object);
			body.set("target", target);
			json::Value fields = json::Value::array();
			if (!identity) fields.push(mapping("id", "id"));
			fields.push(mapping("name", "full_name"));
			fields.push(mapping("email", "email"));
			body.set("fields", fields);
			if (identity)
			{
				json::Value id = json::Value::object();
				id.set("source", field("id"));
				id.set("target", "id");
				id.set("function", "Equality");
				body.set("identity", id);
			}
			return body;
		}

		std::string createSync(const json::Value& body) const
		{
			return api->data("POST", "/api/syncs", body.dump()).getString("id");
		}

		json::Value run(const std::string& syncId, const std::string& options = "{}") const
		{
			const std::string id = api->data("POST", "/api/syncs/" + syncId + "/executions", options).getString("id");
			return waitForExecution(*api, "/api/syncs/" + syncId + "/executions/" + id);
		}

		json::Value runOnce(const json::Value& body) const
			/// Creates a sync, runs it, deletes it; the run.
		{
			const std::string id = createSync(body);
			json::Value done = run(id);
			if (api->call("DELETE", "/api/syncs/" + id).status != 204) throw std::runtime_error("cannot delete sync " + id);
			return done;
		}

		std::string expected(const std::string& query) const
		{
			return PostgresHarness::dump(source, "(" + query + ")", "t");
		}

		std::string actual(const std::string& table) const
		{
			return PostgresHarness::dump(target, "public." + table, "t");
		}

		TestDatabase app, source, target;
		unsigned port = 0;
		std::unique_ptr<ChildProcess> server;
		std::unique_ptr<ApiClient> api;
		std::string sourceId, targetId, modelId;
	};


	int64_t count(const json::Value& execution, const char* key)
	{
		return execution["counts"].getInt64(key, -1);
	}


	int64_t recordLogs(const TestDatabase& app, const std::string& executionId)
		/// How many records the execution's inserts and updates logs list.
	{
		return std::stoll(app.scalar("SELECT coalesce(sum(json_array_length(entries::json)), 0) FROM sync_record_logs WHERE execution_id = '" +
			executionId + "' AND kind IN ('inserts', 'updates')"));
	}


	void assertCompleted(const json::Value& execution)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(execution.dump(), std::string("completed"), execution.getString("status"));
	}
}


void ModelSyncTest::testModelsThroughTheApi()
{
	Setup s("models", 30);
	const ApiClient& api = *s.api;

	// A preview of an unsaved query model: its fields in the public API's words.
	json::Value preview = json::Value::object();
	preview.set("connection_id", s.sourceId);
	preview.set("configuration", json::Value::parse(R"({"query": "SELECT id, name, score FROM people WHERE id <= 3 ORDER BY id"})"));
	json::Value shown = api.data("POST", "/api/model-preview", preview.dump());
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), shown["fields"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("number"), shown["fields"][0].getString("type"));
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), shown["fields"][2].getString("remote_type"));

	// Bad models are refused with the field at fault.
	json::Value bad = preview;
	bad.set("name", "Broken");
	bad.set("configuration", json::Value::parse(R"({"query": "SELECT nope FROM people"})"));
	HttpReply reply = api.call("POST", "/api/models", bad.dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
	CPPUNIT_ASSERT(reply.body.find("nope") != std::string::npos);
	bad.set("configuration", json::Value::parse(R"({"table": "public.people", "query": "SELECT 1"})"));
	CPPUNIT_ASSERT_EQUAL(400, api.call("POST", "/api/models", bad.dump()).status);
	bad.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
	bad.set("identifier", "missing");
	reply = api.call("POST", "/api/models", bad.dump());
	CPPUNIT_ASSERT_EQUAL(400, reply.status);
	CPPUNIT_ASSERT(reply.body.find("the model has no field 'missing'") != std::string::npos);

	// A query model; lists are paginated.
	json::Value query = preview;
	query.set("name", "Top people");
	query.set("identifier", "id");
	const std::string second = api.data("POST", "/api/models", query.dump()).getString("id");
	HttpReply page = api.call("GET", "/api/models?limit=1");
	json::Value first = json::Value::parse(page.body);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), first["data"].size());
	CPPUNIT_ASSERT_EQUAL(s.modelId, first["data"][0].getString("id"));
	const std::string token = first["pagination"].getString("next_page_token");
	CPPUNIT_ASSERT(!token.empty());
	json::Value rest = json::Value::parse(api.call("GET", "/api/models?limit=1&page_token=" + token).body);
	CPPUNIT_ASSERT_EQUAL(second, rest["data"][0].getString("id"));
	CPPUNIT_ASSERT(rest["pagination"]["next_page_token"].isNull());

	// A sample record is keyed by the model's id (the SDK's ModelSample).
	json::Value sample = api.data("GET", "/api/models/" + s.modelId + "/sample?limit=5")["records"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), sample.size());
	CPPUNIT_ASSERT(sample[0][s.modelId]["email"].isString() || sample[0][s.modelId]["email"].isNull());

	// A model read by a sync cannot go, nor can its connection (without force).
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	reply = api.call("DELETE", "/api/models/" + s.modelId);
	CPPUNIT_ASSERT_EQUAL(422, reply.status);
	CPPUNIT_ASSERT_EQUAL(422, api.call("DELETE", "/api/connections/" + s.sourceId).status);
	CPPUNIT_ASSERT_EQUAL(204, api.call("DELETE", "/api/syncs/" + syncId).status);
	CPPUNIT_ASSERT_EQUAL(204, api.call("DELETE", "/api/models/" + s.modelId).status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/models/" + s.modelId).status);

	// A sync that does not make sense says why, field by field.
	json::Value wrong = s.syncBody("upsertEverything", "public.contacts");
	json::Value wrongFields = json::Value::array();
	wrongFields.push(s.mapping("nothing", "full_name"));
	wrong.set("fields", wrongFields);
	reply = api.call("POST", "/api/syncs", wrong.dump());
	CPPUNIT_ASSERT_EQUAL(400, reply.status);
	CPPUNIT_ASSERT(reply.body.find("\"mode\"") != std::string::npos);
	for (const char* body: {"{}", R"({"name": 5, "target": "x", "fields": {}, "identity": [], "filters": 3, "schedule": 1})"})
	{
		reply = api.call("POST", "/api/syncs", body);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("\"target.connection_id\"") != std::string::npos);
	}
}


void ModelSyncTest::testSchemasOfAConnection()
{
	Setup s("schemas", 20);
	const ApiClient& api = *s.api;
	const std::string base = "/api/connections/" + s.sourceId;
	CPPUNIT_ASSERT_EQUAL(std::string("empty"), api.data("GET", base + "/schemas/status").getString("cache_status"));

	// The first read discovers; the answer is kept.
	json::Value schemas = api.data("GET", base + "/schemas");
	CPPUNIT_ASSERT(schemas.dump().find("\"public.people\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("fresh"), api.data("GET", base + "/schemas/status").getString("cache_status"));
	json::Value people = api.data("GET", base + "/schemas/public.people");
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), people["fields"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("id"), people["fields"][0].getString("name"));
	CPPUNIT_ASSERT(people["fields"][0].getBool("is_primary_key", false));
	CPPUNIT_ASSERT_EQUAL(std::string("number"), people["fields"][0].getString("type"));
	json::Value records = api.data("GET", base + "/schemas/public.people/records?limit=3");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), records.size());
	CPPUNIT_ASSERT(records[0]["name"].isString());
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", base + "/schemas/public.nothing").status);

	// A new table appears after a refresh, which runs in the background.
	s.source.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, updated_at timestamptz)");
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", base + "/schemas/public.orders").status);
	HttpReply refreshing = api.call("POST", base + "/schemas/refresh");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refreshing.body, 202, refreshing.status);
	CPPUNIT_ASSERT(refreshing.headers["Location"].find(base + "/schemas/status") != std::string::npos);
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (api.data("GET", base + "/schemas/status").getString("cache_status") == "refreshing" && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	json::Value status = api.data("GET", base + "/schemas/status");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(status.dump(), std::string("fresh"), status.getString("cache_status"));
	CPPUNIT_ASSERT(status["last_refresh_finished"].isString() && status["last_refresh_started"].isString());
	CPPUNIT_ASSERT_EQUAL(200, api.call("GET", base + "/schemas/public.orders").status);

	// What a bulk sync can read, what a model sync can write.
	json::Value source = api.data("GET", base + "/bulksync/source?include_fields=true");
	CPPUNIT_ASSERT(source.dump().find("\"supports_tracking_fields\":true") != std::string::npos);
	CPPUNIT_ASSERT(source["schemas"].size() >= 2);
	CPPUNIT_ASSERT(api.data("GET", base + "/bulksync/target")["modes"].size() == 2);
	s.target.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, email text NOT NULL, full_name text)");
	const std::string targets = "/api/connections/" + s.targetId;
	HttpReply objects = api.call("GET", targets + "/modelsync/targetobjects");
	CPPUNIT_ASSERT_EQUAL(200, objects.status);
	CPPUNIT_ASSERT(objects.body.find("\"public.contacts\"") != std::string::npos);
	CPPUNIT_ASSERT(objects.body.find("\"updateOrCreate\"") != std::string::npos);
	json::Value fields = api.data("GET", targets + "/modelsync/target/fields?target=public.contacts");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), fields["fields"].size());
	CPPUNIT_ASSERT(fields["fields"][0].getBool("supports_identity", false));
	CPPUNIT_ASSERT(fields["fields"][1].getBool("required", false));
	CPPUNIT_ASSERT_EQUAL(400, api.call("GET", targets + "/modelsync/target/fields").status);

	// A connection pointed elsewhere is discovered afresh: no catalog of its former database is served.
	json::Value moved = json::Value::object();
	moved.set("name", "Warehouse");
	moved.set("type", "postgresql");
	json::Value elsewhere = PostgresHarness::config(s.target);
	elsewhere.set("ssl_mode", "disable");
	moved.set("configuration", elsewhere);
	api.data("PUT", base, moved.dump());
	const std::string after = api.data("GET", base + "/schemas").dump();
	CPPUNIT_ASSERT_MESSAGE(after, after.find("\"public.contacts\"") != std::string::npos && after.find("\"public.people\"") == std::string::npos);

	// A connection that cannot be reached: the refresh fails and says why.
	json::Value broken = PostgresHarness::config(s.source);
	broken.set("database", "no_such_database");
	broken.set("ssl_mode", "disable");
	json::Value body = json::Value::object();
	body.set("name", "Broken");
	body.set("type", "postgresql");
	body.set("configuration", broken);
	body.set("validate", false);
	const std::string brokenId = api.data("POST", "/api/connections", body.dump()).getString("id");
	CPPUNIT_ASSERT_EQUAL(202, api.call("POST", "/api/connections/" + brokenId + "/schemas/refresh").status);
	const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (api.data("GET", "/api/connections/" + brokenId + "/schemas/status").getString("cache_status") == "refreshing" &&
		std::chrono::steady_clock::now() < until)
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	json::Value failed = api.data("GET", "/api/connections/" + brokenId + "/schemas/status");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("cache_status"));
	CPPUNIT_ASSERT(failed.getString("error").find("no_such_database") != std::string::npos);
}


void ModelSyncTest::testUpdateOrCreateWithChangeDetection()
{
	Setup s("upsert", 1000);
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	const std::string expected = "SELECT id, name, email FROM people";

	json::Value first = s.run(syncId);
	assertCompleted(first);
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(first, "total"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(first, "upserts"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(first, "insert"));
	CPPUNIT_ASSERT(s.expected(expected) == s.actual("contacts"));

	// The records a model sync wrote are counted in the metrics.
	const std::string metrics = s.api->call("GET", "/metrics").body;
	CPPUNIT_ASSERT_MESSAGE(metrics, metrics.find("polytomic_records_total{kind=\"sync\",direction=\"written\",result=\"ok\"} 1000") !=
		std::string::npos);

	// Nothing changed: nothing is written.
	json::Value unchanged = s.run(syncId);
	assertCompleted(unchanged);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(unchanged, "upserts"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(unchanged, "unchanged"));
	const std::string path = "/api/syncs/" + syncId + "/executions/" + unchanged.getString("id");
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), recordLog(*s.api, path + "/records").size());

	// One changed row: exactly one update, and its log names it.
	s.source.execute("UPDATE people SET name = 'renamed' WHERE id = 77");
	json::Value one = s.run(syncId);
	assertCompleted(one);
	CPPUNIT_ASSERT_EQUAL(int64_t(1), count(one, "update"));
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(one, "insert"));
	CPPUNIT_ASSERT(s.expected(expected) == s.actual("contacts"));
	json::Value updates = recordLog(*s.api, "/api/syncs/" + syncId + "/executions/" + one.getString("id") + "/updates");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), updates.size());
	CPPUNIT_ASSERT_EQUAL(std::string("77"), updates[0].getString("identity"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0),
		recordLog(*s.api, "/api/syncs/" + syncId + "/executions/" + one.getString("id") + "/inserts").size());

	// The per-record log of the first run is in files; the console log tells the story.
	CPPUNIT_ASSERT_EQUAL(std::size_t(1000), recordLog(*s.api, "/api/syncs/" + syncId + "/executions/" + first.getString("id") + "/inserts").size());
	json::Value console = s.api->data("GET", "/api/syncs/" + syncId + "/executions/" + one.getString("id") + "/console");
	CPPUNIT_ASSERT(console.dump().find("1 updated") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(404, s.api->call("GET", "/api/syncs/" + syncId + "/executions/" + one.getString("id") + "/nothing").status);

	// Status, history, events.
	json::Value status = s.api->data("GET", "/api/syncs/" + syncId + "/status");
	CPPUNIT_ASSERT(status["current_execution"].isNull());
	CPPUNIT_ASSERT_EQUAL(one.getString("id"), status["last_execution"].getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), s.api->data("GET", "/api/syncs/" + syncId + "/executions").size());
	json::Value events = s.api->data("GET", "/api/events?type=sync.completed");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), events.size());
	CPPUNIT_ASSERT(events.dump().find("\"updated_count\":1") != std::string::npos);

	// resync sends everything again, however unchanged.
	json::Value resync = s.run(syncId, R"({"resync": true})");
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(resync, "update"));
	CPPUNIT_ASSERT(s.expected(expected) == s.actual("contacts"));

	// With tracking columns, only a change there makes a record changed.
	json::Value model = json::Value::object();
	model.set("name", "People");
	model.set("connection_id", s.sourceId);
	model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
	model.set("identifier", "id");
	model.set("tracking_columns", json::Value::parse(R"(["score"])"));
	s.api->data("PUT", "/api/models/" + s.modelId, model.dump());
	CPPUNIT_ASSERT_EQUAL(int64_t(1000), count(s.run(syncId, R"({"resync": true})"), "update"));   // the ledger learns the new hashes
	s.source.execute("UPDATE people SET name = 'quiet' WHERE id = 5");
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(s.run(syncId), "update"));
	s.source.execute("UPDATE people SET score = 0 WHERE id = 5");
	CPPUNIT_ASSERT_EQUAL(int64_t(1), count(s.run(syncId), "update"));
	CPPUNIT_ASSERT(s.expected(expected) == s.actual("contacts"));
}


void ModelSyncTest::testEveryMode()
{
	Setup s("modes", 100);
	const std::string people = "SELECT id, name, email FROM people";
	for (const char* table: {"t_create", "t_update", "t_upsert", "t_replace"})
	{
		s.target.execute(std::string("CREATE TABLE ") + table + " (id bigint PRIMARY KEY, full_name text, email text)");
		s.target.execute(std::string("INSERT INTO ") + table + " SELECT i, 'old ' || i, 'keep' || i || '@example.com' FROM generate_series(1, 20) AS i");
	}
	s.target.execute("CREATE TABLE t_remove (id bigint PRIMARY KEY, full_name text, email text)");
	s.target.execute("INSERT INTO t_remove SELECT i, 'x', 'y' FROM generate_series(1, 150) AS i");

	// create: only identities the target lacks.
	// (Each sync is deleted once checked: evaluation allows five active syncs.)
	assertCompleted(s.runOnce(s.syncBody("create", "public.t_create")));
	CPPUNIT_ASSERT(s.expected("SELECT i, 'old ' || i, 'keep' || i || '@example.com' FROM generate_series(1, 20) AS i UNION ALL " + people +
		" WHERE id > 20") == s.actual("t_create"));

	// update: only identities the target has; a null leaves the target's value.
	assertCompleted(s.runOnce(s.syncBody("update", "public.t_update")));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, coalesce(email, 'keep' || id || '@example.com') FROM people WHERE id <= 20") == s.actual("t_update"));

	// updateOrCreate: every identity; a null leaves the target's value.
	assertCompleted(s.runOnce(s.syncBody("updateOrCreate", "public.t_upsert")));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, CASE WHEN id <= 20 THEN coalesce(email, 'keep' || id || '@example.com') ELSE email END "
		"FROM people") == s.actual("t_upsert"));

	// replace: every identity; a null clears the target's value.
	assertCompleted(s.runOnce(s.syncBody("replace", "public.t_replace")));
	CPPUNIT_ASSERT(s.expected(people) == s.actual("t_replace"));

	// remove: the model's identities leave the target; a second run removes nothing more.
	const std::string removeId = s.createSync(s.syncBody("remove", "public.t_remove"));
	json::Value removed = s.run(removeId);
	assertCompleted(removed);
	CPPUNIT_ASSERT_EQUAL(int64_t(100), count(removed, "delete"));
	CPPUNIT_ASSERT(s.expected("SELECT i, 'x', 'y' FROM generate_series(101, 150) AS i") == s.actual("t_remove"));
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(s.run(removeId), "delete"));

	// append (no identity): every record once; a changed record is appended again, an unchanged one is not.
	const std::string appendId = s.createSync(s.syncBody("append", "public.t_append", false));
	assertCompleted(s.run(appendId));
	CPPUNIT_ASSERT(s.expected(people) == s.actual("t_append"));
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(s.run(appendId), "insert"));
	s.source.execute("UPDATE people SET name = 'changed' WHERE id = 5");
	json::Value appended = s.run(appendId);
	CPPUNIT_ASSERT_EQUAL(int64_t(1), count(appended, "insert"));
	CPPUNIT_ASSERT_EQUAL(std::string("101"), s.target.scalar("SELECT count(*) FROM t_append"));
	CPPUNIT_ASSERT_EQUAL(std::string("2"), s.target.scalar("SELECT count(*) FROM t_append WHERE id = 5"));

	// snapshot: the target holds exactly the model, run after run.
	const std::string snapshotId = s.createSync(s.syncBody("snapshot", "public.t_snapshot"));
	assertCompleted(s.run(snapshotId));
	CPPUNIT_ASSERT(s.expected(people) == s.actual("t_snapshot"));
	s.source.execute("DELETE FROM people WHERE id <= 10");
	s.source.execute("UPDATE people SET email = NULL WHERE id = 11");
	s.source.execute("INSERT INTO people VALUES (500, 'new', 'new@example.com', 1)");
	json::Value snapshot = s.run(snapshotId);
	assertCompleted(snapshot);
	CPPUNIT_ASSERT_EQUAL(int64_t(10), count(snapshot, "delete"));
	CPPUNIT_ASSERT_EQUAL(int64_t(2), count(snapshot, "upserts"));   // 11 changed (and 5, renamed above), 500 new
	CPPUNIT_ASSERT(s.expected(people) == s.actual("t_snapshot"));
	json::Value deletes = recordLog(*s.api, "/api/syncs/" + snapshotId + "/executions/" + snapshot.getString("id") + "/deletes");
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), deletes.size());
}


void ModelSyncTest::testFiltersOverridesTestRunsAndIdentities()
{
	Setup s("filters", 200);
	json::Value body = s.syncBody("updateOrCreate", "public.chosen");
	json::Value fields = body["fields"];
	fields.push(s.mapping("score", "score"));
	json::Value origin = json::Value::object();
	origin.set("target", "origin");
	origin.set("override_value", "polytomic");
	fields.push(origin);
	body.set("fields", fields);
	json::Value filters = json::Value::array();
	const auto filter = [&](const std::string& name, const std::string& function, const json::Value& value) {
		json::Value f = json::Value::object();
		f.set("field", s.field(name));
		f.set("function", function);
		f.set("value", value);
		filters.push(f);
	};
	filter("id", "GreaterThan", json::Value(10));
	filter("email", "IsNotNull", json::Value());
	filter("name", "StringEndsWith", json::Value("7"));
	body.set("filters", filters);
	body.set("filter_logic", "1 AND (2 OR 3)");
	json::Value override = json::Value::object();
	override.set("field", s.field("score"));
	override.set("function", "GreaterThan");
	override.set("value", 100);
	override.set("override", 100);
	json::Value overrides = json::Value::array();
	overrides.push(override);
	body.set("overrides", overrides);

	json::Value badLogic = body;
	badLogic.set("filter_logic", "1 AND (4 OR 2)");
	HttpReply refused = s.api->call("POST", "/api/syncs", badLogic.dump());
	CPPUNIT_ASSERT_EQUAL(400, refused.status);
	CPPUNIT_ASSERT(refused.body.find("there is no filter 4") != std::string::npos);

	const std::string syncId = s.createSync(body);
	const std::string chosen = "SELECT id, name, email, CASE WHEN score > 100 THEN 100 ELSE score END, 'polytomic' FROM people "
		"WHERE id > 10 AND (email IS NOT NULL OR name LIKE '%7')";

	// A test run writes the first ten records only.
	json::Value test = s.run(syncId, R"({"test": true})");
	assertCompleted(test);
	CPPUNIT_ASSERT_EQUAL(std::string("test"), test.getString("type"));
	CPPUNIT_ASSERT_EQUAL(int64_t(10), count(test, "insert"));
	CPPUNIT_ASSERT_EQUAL(std::string("10"), s.target.scalar("SELECT count(*) FROM chosen"));

	// The full run writes the rest (the ten are in the ledger already).
	json::Value full = s.run(syncId);
	assertCompleted(full);
	const int64_t expectedRows = std::stoll(s.source.scalar("SELECT count(*) FROM (" + chosen + ") AS q"));
	CPPUNIT_ASSERT_EQUAL(expectedRows - 10, count(full, "insert"));
	CPPUNIT_ASSERT(s.expected(chosen) == s.actual("chosen"));

	// A run restricted to identities sends those alone, changed or not.
	json::Value only = s.run(syncId, R"({"identities": ["42", "57"]})");
	assertCompleted(only);
	CPPUNIT_ASSERT_EQUAL(int64_t(2), count(only, "total"));
	CPPUNIT_ASSERT_EQUAL(int64_t(2), count(only, "update"));

	// Deactivated and reactivated.
	CPPUNIT_ASSERT(!s.api->data("POST", "/api/syncs/" + syncId + "/activate", R"({"active": false})").getBool("active", true));
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), s.api->data("GET", "/api/syncs?active=true").size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.api->data("GET", "/api/syncs?active=false").size());
	CPPUNIT_ASSERT(s.api->data("GET", "/api/syncs/schedules")["schedule_options"].size() >= 7);
}


void ModelSyncTest::testRejectedRecordsAreRetried()
{
	Setup s("rejects", 100);
	s.target.execute("CREATE TABLE strict (id bigint PRIMARY KEY, full_name text, email text CHECK (email IS NOT NULL))");
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.strict"));
	json::Value first = s.run(syncId);
	assertCompleted(first);
	CPPUNIT_ASSERT_EQUAL(int64_t(10), count(first, "error"));
	CPPUNIT_ASSERT_EQUAL(int64_t(90), count(first, "insert"));
	json::Value errors = recordLog(*s.api, "/api/syncs/" + syncId + "/executions/" + first.getString("id") + "/errors");
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), errors.size());
	CPPUNIT_ASSERT(errors[0].getString("message").find("check constraint") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.api->data("GET", "/api/events?type=sync.completed_with_errors").size());

	// Once the target accepts them, the next run sends the ten rejected records, and only them.
	s.target.execute("ALTER TABLE strict DROP CONSTRAINT strict_email_check");
	json::Value second = s.run(syncId);
	assertCompleted(second);
	CPPUNIT_ASSERT_EQUAL(int64_t(10), count(second, "insert"));
	CPPUNIT_ASSERT_EQUAL(int64_t(90), count(second, "unchanged"));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, email FROM people") == s.actual("strict"));
}


void ModelSyncTest::testLongRejectionsInOtherScripts()
{
	// The target refuses every tenth record with a message longer than the record log keeps, in two-byte characters.
	Setup s("utf8cut", 100);
	s.target.execute("CREATE TABLE picky (id bigint PRIMARY KEY, full_name text, email text)");
	s.target.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
		"RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = repeat('\xC3\xA9', 700); END $$");
	s.target.execute("CREATE TRIGGER picky_refuses BEFORE INSERT ON picky FOR EACH ROW WHEN (NEW.id % 10 = 0) EXECUTE FUNCTION refuse()");
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.picky"));
	json::Value done = s.run(syncId);
	assertCompleted(done);
	CPPUNIT_ASSERT_EQUAL(int64_t(10), count(done, "error"));
	CPPUNIT_ASSERT_EQUAL(int64_t(90), count(done, "insert"));
	json::Value errors = recordLog(*s.api, "/api/syncs/" + syncId + "/executions/" + done.getString("id") + "/errors");
	CPPUNIT_ASSERT_EQUAL(std::size_t(10), errors.size());
	const std::string message = errors[0].getString("message");
	CPPUNIT_ASSERT_MESSAGE(message, message.size() <= 1000 && message.size() > 900);
	CPPUNIT_ASSERT_EQUAL(std::string("\xC3\xA9..."), message.substr(message.size() - 5));
}


void ModelSyncTest::testRunAfterAndSchedules()
{
	Setup s("runafter", 50, "web,worker,scheduler");
	const std::string first = s.createSync(s.syncBody("updateOrCreate", "public.first"));
	// Another model sync and a bulk sync run after the first one, each time it succeeds.
	json::Value then = s.syncBody("updateOrCreate", "public.second");
	json::Value after = json::Value::object();
	after.set("frequency", "runafter");
	json::Value runAfter = json::Value::object();
	json::Value ids = json::Value::array();
	ids.push(first);
	runAfter.set("sync_ids", ids);
	after.set("run_after", runAfter);
	after.set("run_after_success_only", true);
	then.set("schedule", after);
	const std::string second = s.createSync(then);
	json::Value bulk = json::Value::parse(R"({"name": "Copy back", "mode": "snapshot", "schemas": ["public.people"],
		"destination_configuration": {"schema": "copied"}})");
	bulk.set("source_connection_id", s.sourceId);
	bulk.set("destination_connection_id", s.targetId);
	bulk.set("schedule", after);
	const std::string bulkId = s.api->data("POST", "/api/bulk/syncs", bulk.dump()).getString("id");

	assertCompleted(s.run(first));
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
	const auto finished = [&](const std::string& path) {
		const json::Value status = s.api->data("GET", path);
		return !status["last_execution"].isNull() && status["last_execution"].getString("status") == "completed";
	};
	while (!(finished("/api/syncs/" + second + "/status") && finished("/api/bulk/syncs/" + bulkId + "/status")) &&
		std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	json::Value chained = s.api->data("GET", "/api/syncs/" + second + "/executions");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(chained.dump(), std::size_t(1), chained.size());
	CPPUNIT_ASSERT_EQUAL(std::string("runafter"), chained[0].getString("trigger"));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, email FROM people") == s.actual("second"));
	CPPUNIT_ASSERT_EQUAL(std::string("50"), s.target.scalar("SELECT count(*) FROM copied.people"));

	// A continuous model sync runs again and again; the next execution time of an hourly one is shown.
	json::Value continuous = s.syncBody("updateOrCreate", "public.third");
	continuous.set("schedule", json::Value::parse(R"({"frequency": "continuous"})"));
	const std::string third = s.createSync(continuous);
	const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (s.api->data("GET", "/api/syncs/" + third + "/executions").size() < 3 && std::chrono::steady_clock::now() < until)
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	CPPUNIT_ASSERT(s.api->data("GET", "/api/syncs/" + third + "/executions").size() >= 3);
	s.api->data("POST", "/api/syncs/" + third + "/activate", R"({"active": false})");
	json::Value hourly = s.syncBody("updateOrCreate", "public.fourth");
	hourly.set("schedule", json::Value::parse(R"({"frequency": "hourly", "minute": 30})"));
	const std::string fourth = s.createSync(hourly);
	const std::string next = s.api->data("GET", "/api/syncs/" + fourth + "/status").getString("next_execution_time");
	CPPUNIT_ASSERT_MESSAGE(next, next.size() == 20 && next.substr(13) == ":30:00Z");
}


void ModelSyncTest::testCancelMidway()
{
	Setup s("cancel", 300000);
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	const std::string executionId = s.api->data("POST", "/api/syncs/" + syncId + "/executions").getString("id");
	const std::string path = "/api/syncs/" + syncId + "/executions/" + executionId;
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (childrenOf(s.server->pid(), "execute").empty() && std::chrono::steady_clock::now() < deadline)
		std::this_thread::sleep_for(std::chrono::milliseconds(2));
	CPPUNIT_ASSERT_MESSAGE("no executor started", !childrenOf(s.server->pid(), "execute").empty());
	json::Value canceling = s.api->data("POST", path + "/cancel");
	CPPUNIT_ASSERT_MESSAGE(canceling.dump(), canceling.getString("status") == "canceling");
	json::Value canceled = waitForExecution(*s.api, path);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(canceled.dump(), std::string("canceled"), canceled.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.api->data("GET", "/api/events?type=sync.canceled").size());
	CPPUNIT_ASSERT_EQUAL(409, s.api->call("POST", path + "/cancel").status);
	// What the target accepted before the cancel is in the ledger; the next run sends the rest.
	const long long kept = std::stoll(s.app.scalar("SELECT count(*) FROM sync_ledger WHERE sync_id = '" + syncId + "'"));
	const long long written = s.target.scalar("SELECT to_regclass('public.contacts') IS NULL") == "t" ? 0 :
		std::stoll(s.target.scalar("SELECT count(*) FROM contacts"));
	CPPUNIT_ASSERT_EQUAL(written, kept);
	json::Value rest = s.run(syncId);
	assertCompleted(rest);
	CPPUNIT_ASSERT_EQUAL(300000 - kept, static_cast<long long>(count(rest, "insert")));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, email FROM people") == s.actual("contacts"));
}


void ModelSyncTest::testKilledExecutorsAndWorkers()
{
	// Workers retry an execution whose executor died, after one second. The console log goes through Redis, as in production.
	const char* redis = std::getenv("POLYTOMIC_TEST_REDIS_URL");
	CPPUNIT_ASSERT_MESSAGE("no test Redis (tests/services.sh)", redis != nullptr);
	Setup s("killms", 100000, "web", {{"REDIS_URL", redis}});
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	const std::string executionId = s.api->data("POST", "/api/syncs/" + syncId + "/executions").getString("id");
	auto workerEnv = serverEnvironment(s.app, TestEnvironment::freePort(), "worker");
	workerEnv["REDIS_URL"] = redis;
	workerEnv["SYNC_RETRY_ERRORS"] = "true";
	workerEnv["SYNC_RETRY_DELAY"] = "1";
	workerEnv["SYNC_RETRY_ATTEMPTS"] = "10";
	const std::string statusOf = "SELECT status FROM sync_executions WHERE id = '" + executionId + "'";
	std::mt19937 random(std::random_device{}());

	auto worker = startServer(workerEnv);
	// kill -9 the executor at random points of three attempts.
	std::set<pid_t> killed;
	for (int round = 0; round < 3; ++round)
	{
		const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
		std::vector<pid_t> executors;
		while (std::chrono::steady_clock::now() < deadline)
		{
			executors = childrenOf(worker->pid(), "execute");
			if (!executors.empty() && !killed.count(executors[0])) break;
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		}
		CPPUNIT_ASSERT_MESSAGE("no executor started", !executors.empty() && !killed.count(executors[0]));
		// The first attempt dies once the target accepted a batch: what it wrote must count.
		while (round == 0 && recordLogs(s.app, executionId) == 0 && std::chrono::steady_clock::now() < deadline)
			std::this_thread::sleep_for(std::chrono::milliseconds(5));
		// The executor found first may have been a short one the attempt runs before the sync (it is gone by now):
		// the one to kill is the attempt's executor that runs now.
		executors = childrenOf(worker->pid(), "execute");
		executors.erase(std::remove_if(executors.begin(), executors.end(), [&](pid_t p) { return killed.count(p) > 0; }), executors.end());
		CPPUNIT_ASSERT_MESSAGE("the attempt's executor ended before it could be killed", !executors.empty());
		// The executor runs plugin code: it holds no way into the server's database (the worker keeps the ledger).
		std::ifstream environment("/proc/" + std::to_string(executors[0]) + "/environ");
		const std::string variables = std::string(1, '\0') +
			std::string((std::istreambuf_iterator<char>(environment)), std::istreambuf_iterator<char>());
		CPPUNIT_ASSERT_MESSAGE("the executor has DATABASE_URL", variables.find(std::string("\0DATABASE_URL=", 14)) == std::string::npos);
		// (At most 150 ms: a 100,000-record run can finish within 400 ms on an idle machine.)
		std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 150)(random)));
		::kill(executors[0], SIGKILL);
		killed.insert(executors[0]);
		CPPUNIT_ASSERT_MESSAGE("the run ended before its executor was killed; the test proves nothing", s.app.scalar(statusOf) != "completed");
	}
	// Then the worker itself, in the middle of the next attempt (its executor dies with it).
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	while (std::chrono::steady_clock::now() < deadline)
	{
		const auto executors = childrenOf(worker->pid(), "execute");
		if (!executors.empty() && !killed.count(executors[0])) break;
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 200)(random)));
	worker->signal(SIGKILL);
	worker->wait(std::chrono::milliseconds(5000));
	CPPUNIT_ASSERT_MESSAGE("the run ended before the worker was killed; the test proves nothing", s.app.scalar(statusOf) != "completed");

	// A fresh worker takes the execution over once its lease expires, and finishes it.
	auto fresh = startServer(serverEnvironment(s.app, TestEnvironment::freePort(), "worker"));
	json::Value done = waitForExecution(*s.api, "/api/syncs/" + syncId + "/executions/" + executionId);
	assertCompleted(done);
	// One attempt per executor killed, one for the killed worker and one for the fresh worker.
	const std::string attempts = s.app.scalar("SELECT attempts FROM sync_executions WHERE id = '" + executionId + "'");
	CPPUNIT_ASSERT_MESSAGE(attempts + " attempts: " + s.api->data("GET", "/api/syncs/" + syncId + "/executions/" + executionId + "/console").dump().substr(0, 3000),
		std::stoi(attempts) == 5);
	CPPUNIT_ASSERT_EQUAL(std::string("100000"), s.target.scalar("SELECT count(*) FROM contacts"));
	CPPUNIT_ASSERT(s.expected("SELECT id, name, email FROM people") == s.actual("contacts"));
	CPPUNIT_ASSERT_EQUAL(std::string("100000"), s.app.scalar("SELECT count(*) FROM sync_ledger WHERE sync_id = '" + syncId + "'"));
	json::Value console = s.api->data("GET", "/api/syncs/" + syncId + "/executions/" + executionId + "/console");
	CPPUNIT_ASSERT(console.dump().find("retrying in") != std::string::npos);
	// Every attempt's console log is kept, newest first, each line with its attempt.
	const json::Value& lines = console["entries"];
	CPPUNIT_ASSERT_EQUAL_MESSAGE(console.dump(), int64_t(1), lines[lines.size() - 1].getInt64("attempt", 0));
	CPPUNIT_ASSERT(lines[lines.size() - 1].getString("message").rfind("started by worker", 0) == 0);
	for (std::size_t i = 1; i < lines.size(); ++i)
		CPPUNIT_ASSERT(lines[i - 1].getInt64("attempt", 0) >= lines[i].getInt64("attempt", 0));
	// The counts are what reached the target across the attempts: every record the run's logs list, all of the model at least.
	const int64_t reported = count(done, "insert") + count(done, "update");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), recordLogs(s.app, executionId), reported);
	CPPUNIT_ASSERT_MESSAGE(done.dump(), reported >= 100000);
	CPPUNIT_ASSERT_EQUAL(reported, count(done, "upserts"));
	CPPUNIT_ASSERT_EQUAL(int64_t(100000), count(done, "total"));
	// Nothing was lost, nothing is left to send.
	json::Value again = s.run(syncId);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(again, "upserts"));
	CPPUNIT_ASSERT_EQUAL(int64_t(100000), count(again, "unchanged"));

	// Without retries, a killed executor fails the execution with a clear message, and the worker carries on.
	s.source.execute("UPDATE people SET name = name || '!'");
	const std::string failing = s.api->data("POST", "/api/syncs/" + syncId + "/executions").getString("id");
	const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
	std::vector<pid_t> executors;
	while (executors.empty() && std::chrono::steady_clock::now() < until)
	{
		executors = childrenOf(fresh->pid(), "execute");
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	CPPUNIT_ASSERT(!executors.empty());
	while (recordLogs(s.app, failing) == 0 && std::chrono::steady_clock::now() < until)
		std::this_thread::sleep_for(std::chrono::milliseconds(2));
	::kill(executors[0], SIGKILL);
	json::Value failed = waitForExecution(*s.api, "/api/syncs/" + syncId + "/executions/" + failing);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	CPPUNIT_ASSERT(failed.dump().find("signal 9") != std::string::npos);
	// A failed run reports what it wrote: the rows that changed in the target, short of at most the batch it died in.
	const int64_t changed = std::stoll(s.target.scalar("SELECT count(*) FROM contacts WHERE full_name LIKE '%!'"));
	CPPUNIT_ASSERT_MESSAGE(failed.dump(), count(failed, "update") > 0);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), recordLogs(s.app, failing), count(failed, "update"));
	CPPUNIT_ASSERT_MESSAGE(failed.dump() + " changed " + std::to_string(changed), count(failed, "update") <= changed);
	json::Value recovered = s.run(syncId);
	assertCompleted(recovered);
	CPPUNIT_ASSERT(s.expected("SELECT id, name, email FROM people") == s.actual("contacts"));
}


void ModelSyncTest::testCancelUnknownExecutionAndUpperCaseIds()
{
	Setup s("cancelids", 10);
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	const std::string unknown = "/api/syncs/" + syncId + "/executions/0b7e5a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c/cancel";
	HttpReply missing = s.api->call("POST", unknown);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(missing.body, 404, missing.status);
	CPPUNIT_ASSERT(missing.body.find("\"key\":\"not_found\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(404, s.api->call("POST", "/api/syncs/" + syncId + "/executions/not-a-uuid/cancel").status);
	// Ids are UUIDs, the same in any case: every route takes them so.
	const std::string upper = Poco::toUpper(syncId);
	const json::Value done = s.run(syncId);
	const std::string executionId = done.getString("id");
	CPPUNIT_ASSERT_EQUAL(200, s.api->call("GET", "/api/syncs/" + upper).status);
	CPPUNIT_ASSERT_EQUAL(200, s.api->call("GET", "/api/syncs/" + upper + "/executions/" + Poco::toUpper(executionId)).status);
	CPPUNIT_ASSERT_EQUAL(200, s.api->call("GET", "/api/syncs/" + upper + "/status").status);
	CPPUNIT_ASSERT_EQUAL(200, s.api->call("GET", "/api/models/" + Poco::toUpper(s.modelId)).status);
	// A finished execution cannot be cancelled: that is a conflict, not a missing execution.
	CPPUNIT_ASSERT_EQUAL(409, s.api->call("POST", "/api/syncs/" + upper + "/executions/" + Poco::toUpper(executionId) + "/cancel").status);
}


void ModelSyncTest::testFailedRunEmailsSubscribers()
{
	FakeSmtpServer smtp;
	smtp.refuseRecipient("left@example.com");
	Setup s("failmail", 10, "web,worker", {{"SMTP_HOST", "127.0.0.1"}, {"SMTP_PORT", std::to_string(smtp.port())}, {"SMTP_TLS", "none"},
		{"SMTP_FROM", "polytomic@example.com"}});
	HttpReply set = s.api->call("PUT", "/api/notifications/global-error-subscribers", R"({"emails": ["ops@example.com", "left@example.com"]})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(set.body, 200, set.status);
	CPPUNIT_ASSERT_EQUAL(std::string(R"({"emails":["left@example.com","ops@example.com"]})"), set.body);
	const std::string syncId = s.createSync(s.syncBody("updateOrCreate", "public.contacts"));
	s.source.execute("DROP TABLE people");
	const json::Value failed = s.run(syncId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	CPPUNIT_ASSERT(smtp.waitForMessages(1, 15000));
	const auto message = smtp.messages().at(0);
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic@example.com"), message.from);
	CPPUNIT_ASSERT_EQUAL(std::string("ops@example.com"), message.recipients.at(0));
	CPPUNIT_ASSERT_EQUAL(std::string("Polytomic: the model sync \"updateOrCreate into public.contacts\" failed"), message.header("Subject"));
	const std::string body = message.body();
	CPPUNIT_ASSERT_MESSAGE(body, body.find("/api/syncs/" + syncId + "/executions/" + failed.getString("id")) != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(body, body.find("people") != std::string::npos);
	// The refused subscriber got a 550 and nothing else changed.
	bool refused = false;
	for (const auto& line: smtp.transcript()) refused = refused || line.find("550 5.1.1 <left@example.com>") != std::string::npos;
	CPPUNIT_ASSERT(refused);
	std::this_thread::sleep_for(std::chrono::milliseconds(300));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), smtp.messages().size());
}


CppUnit::Test* ModelSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ModelSyncTest");
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testModelsThroughTheApi);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testSchemasOfAConnection);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testUpdateOrCreateWithChangeDetection);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testEveryMode);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testFiltersOverridesTestRunsAndIdentities);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testRejectedRecordsAreRetried);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testLongRejectionsInOtherScripts);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testRunAfterAndSchedules);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testCancelMidway);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testKilledExecutorsAndWorkers);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testCancelUnknownExecutionAndUpperCaseIds);
	POLYTOMIC_ADD_TEST(suite, ModelSyncTest, testFailedRunEmailsSubscribers);
	return suite;
}
