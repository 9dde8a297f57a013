//
// ModelSqlTest.cpp
//


#include "ModelSqlTest.h"
#include "ApiFixture.h"
#include "PostgresHarness.h"
#include "support/PolytomicProcess.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>


using namespace polytomic;
using namespace polytomic::test;


void ModelSqlTest::testInjectedStatementsChangeNothing()
{
	TestDatabase app("modelsqlapp");
	TestDatabase source("modelsqlsrc");
	source.execute("CREATE TABLE victim (id integer PRIMARY KEY); INSERT INTO victim VALUES (1), (2), (3)");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web"));
	const ApiClient api = ApiClient::forOrganization(app, port);
	const std::string connectionId = createConnection(api, "Source", source);

	const auto preview = [&](const std::string& route, const std::string& query) {
		json::Value body = json::Value::object();
		body.set("name", "Injected");
		body.set("connection_id", connectionId);
		json::Value configuration = json::Value::object();
		configuration.set("query", query);
		body.set("configuration", configuration);
		return api.call("POST", route, body.dump());
	};
	for (const std::string route: {"/api/model-preview", "/api/models"})
	{
		HttpReply reply = preview(route, "SELECT 1 AS id) q; DELETE FROM victim; SELECT * FROM (SELECT 1 AS id");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::string("3"), source.scalar("SELECT count(*) FROM victim"));
		reply = preview(route, "SELECT 1 AS id) q; DROP TABLE victim; SELECT * FROM (SELECT 1 AS id");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 400, reply.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::string("victim"), source.scalar("SELECT coalesce(to_regclass('victim')::text, 'dropped')"));
		CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("a model's query must be one statement") != std::string::npos);
	}

	// The honest model still previews (the SDK's preview answers the model an unsaved body makes).
	HttpReply reply = preview("/api/model-preview", "SELECT id FROM victim ORDER BY id");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, std::size_t(1), json::Value::parse(reply.body)["data"]["fields"].size());
}


namespace
{
	long statusKb(pid_t pid, const std::string& field)
		/// A field of /proc/<pid>/status in kB (VmRSS:, VmHWM:).
	{
		std::ifstream status("/proc/" + std::to_string(pid) + "/status");
		std::string line;
		while (std::getline(status, line))
			if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
		return 0;
	}


	json::Value previewBody(const std::string& connectionId, const std::string& query)
	{
		json::Value body = json::Value::object();
		body.set("name", "Preview");
		body.set("connection_id", connectionId);
		json::Value configuration = json::Value::object();
		configuration.set("query", query);
		body.set("configuration", configuration);
		return body;
	}
}


void ModelSqlTest::testLargeValuesInSamples()
{
	TestDatabase app("modelbigapp");
	TestDatabase source("modelbigsrc");
	// Ten rows of 20 MB values (stored compressed: cheap to make, 20 MB each once read).
	source.execute("CREATE TABLE big (id integer PRIMARY KEY, name text, payload text, raw bytea)");
	source.execute("INSERT INTO big SELECT i, 'row ' || i, repeat(md5(i::text), 655360), decode(repeat('ab', 1048576), 'hex') "
		"FROM generate_series(1, 10) AS i");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web"));
	const ApiClient api = ApiClient::forOrganization(app, port);
	const std::string connectionId = createConnection(api, "Source", source);
	json::Value model = json::Value::object();
	model.set("name", "Big values");
	model.set("connection_id", connectionId);
	model.set("configuration", json::Value::parse(R"({"table": "public.big"})"));
	const std::string modelId = api.data("POST", "/api/models", model.dump()).getString("id");
	api.data("GET", "/api/models/" + modelId + "/sample?limit=1");

	const long residentBefore = statusKb(server->pid(), "VmRSS:"), peakBefore = statusKb(server->pid(), "VmHWM:");
	std::vector<HttpReply> replies(10);
	std::vector<std::thread> clients;
	// Each executor reads 210 MB from PostgreSQL: slow on a busy machine, hence the long wait.
	const auto call = [&](const std::string& method, const std::string& path, const std::string& body) {
		return HttpProbe::request(port, method, path, body, {{"Authorization", api.authorization}}, std::chrono::seconds(180));
	};
	for (std::size_t c = 0; c < replies.size(); ++c)
		clients.emplace_back([&, c] {
			replies[c] = c < 8 ? call("GET", "/api/models/" + modelId + "/sample", "")
				: call("POST", "/api/model-preview", previewBody(connectionId, "SELECT * FROM big").dump());
		});
	for (auto& client: clients) client.join();
	const long residentAfter = statusKb(server->pid(), "VmRSS:"), peakAfter = statusKb(server->pid(), "VmHWM:");
	std::printf("    8 samples and 2 previews at once of 10 rows of 20 MB + 1 MB values: VmHWM %ld -> %ld kB, VmRSS %ld -> %ld kB\n",
		peakBefore, peakAfter, residentBefore, residentAfter);

	std::size_t answered = 0;
	for (std::size_t c = 0; c < replies.size(); ++c)
	{
		const HttpReply& reply = replies[c];
		// One caller has at most 2 jobs at once (the job runner's cap): the others are refused, saying so.
		if (reply.status == 429 && reply.body.find("\"too_many_jobs\"") != std::string::npos) continue;
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.error + reply.body.substr(0, 300), 200, reply.status);
		++answered;
		const json::Value data = json::Value::parse(reply.body)["data"];
		if (c >= 8)
		{
			// A preview answers the model (its fields), read through the same bounded sample.
			CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body.substr(0, 300), std::size_t(4), data["fields"].size());
			continue;
		}
		// A sample is the SDK's {records: [{<model id>: {field: value}}]}.
		const json::Value& records = data["records"];
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), records.size());
		for (const auto& keyed: records.items())
		{
			const json::Value& record = keyed[modelId];
			// Short values whole; long ones cut with a note of their length.
			CPPUNIT_ASSERT_EQUAL(std::string("row ") + std::to_string(record["id"].asInt64()), record.getString("name"));
			const std::string payload = record.getString("payload");
			CPPUNIT_ASSERT_MESSAGE(std::to_string(payload.size()), payload.size() <= 65536 + 64);
			CPPUNIT_ASSERT_MESSAGE(payload.substr(payload.size() - 60), payload.find("... [truncated: 20971520 bytes in all]") != std::string::npos);
			CPPUNIT_ASSERT(record.getString("raw").find("\\xabab") == 0);
			CPPUNIT_ASSERT(record.getString("raw").find("[truncated: 1048576 bytes in all]") != std::string::npos);
		}
	}
	CPPUNIT_ASSERT_MESSAGE(std::to_string(answered) + " answered", answered >= 2);
	// The answers were bounded (about 1 MB each), and what they cost went back.
	CPPUNIT_ASSERT_MESSAGE(std::to_string(peakAfter - peakBefore) + " kB", peakAfter - peakBefore < 160 * 1024);
	CPPUNIT_ASSERT_MESSAGE(std::to_string(residentAfter - residentBefore) + " kB", residentAfter - residentBefore < 64 * 1024);
}


void ModelSqlTest::testErrorsDoNotTellWhichGuessIsThePassword()
{
	TestDatabase app("modeloracleapp");
	TestDatabase source("modeloraclesrc");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web"));
	const ApiClient api = ApiClient::forOrganization(app, port);
	// The test PostgreSQL trusts local connections: the password is stored and used, never asked for.
	const std::string password = "Tr0ub4dor-and-3";
	json::Value body = json::Value::object();
	body.set("name", "Source");
	body.set("type", "postgresql");
	json::Value configuration = PostgresHarness::config(source);
	configuration.set("password", password);
	body.set("configuration", configuration);
	const std::string connectionId = api.data("POST", "/api/connections", body.dump()).getString("id");

	// A member puts guesses into a model's SQL; PostgreSQL quotes them back in its error.
	std::string guesses;
	for (int i = 0; i < 2000; ++i) guesses += (i == 1234 ? password : "guess-" + std::to_string(i)) + " ";
	const HttpReply reply = api.call("POST", "/api/model-preview", previewBody(connectionId, "SELECT '" + guesses + "'::integer AS id").dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body.substr(0, 300), 400, reply.status);
	CPPUNIT_ASSERT_MESSAGE(reply.body.substr(0, 300), reply.body.find("invalid input syntax for type integer") != std::string::npos);
	// Quoted as written: the answer is the same whichever guess is the password.
	CPPUNIT_ASSERT(reply.body.find("***") == std::string::npos);
	CPPUNIT_ASSERT(reply.body.find("guess-1233 " + password + " guess-1235") != std::string::npos);
}


void ModelSqlTest::testPreviewSlowerThanTheExecutorLimit()
{
	TestDatabase app("modelslowapp");
	TestDatabase source("modelslowsrc");
	const unsigned port = TestEnvironment::freePort();
	auto env = serverEnvironment(app, port, "web");
	env["EXECUTOR_CHECK_TIMEOUT"] = "2";
	auto server = startServer(env);
	const ApiClient api = ApiClient::forOrganization(app, port);
	const std::string connectionId = createConnection(api, "Source", source);
	const HttpReply reply = api.call("POST", "/api/model-preview", previewBody(connectionId, "SELECT 1 AS id FROM pg_sleep(8)").dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 504, reply.status);
	const json::Value error = json::Value::parse(reply.body);
	CPPUNIT_ASSERT_EQUAL(std::string("timed_out"), error.getString("key"));
	CPPUNIT_ASSERT_MESSAGE(reply.body, error.getString("message").find("within 2 s") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(reply.body, error.getString("message").find("EXECUTOR_CHECK_TIMEOUT") != std::string::npos);
	// The server goes on answering previews.
	CPPUNIT_ASSERT_EQUAL(200, api.call("POST", "/api/model-preview", previewBody(connectionId, "SELECT 1 AS id").dump()).status);
}


void ModelSqlTest::testModelDeletedWhileASyncOnItIsCreated()
{
	TestDatabase app("modelraceapp");
	TestDatabase source("modelracesrc");
	source.execute("CREATE TABLE people (id bigint PRIMARY KEY, name text); INSERT INTO people VALUES (1, 'Ada');"
		"CREATE TABLE copy (id bigint PRIMARY KEY, name text)");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(serverEnvironment(app, port, "web"));
	const ApiClient api = ApiClient::forOrganization(app, port);
	const std::string connectionId = createConnection(api, "Source", source);
	const auto createModel = [&](const std::string& name) {
		json::Value model = json::Value::object();
		model.set("name", name);
		model.set("connection_id", connectionId);
		model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
		return api.data("POST", "/api/models", model.dump()).getString("id");
	};
	const auto syncBody = [&](const std::string& modelId) {
		json::Value body = json::Value::parse(R"({"name": "Copy", "mode": "updateOrCreate", "target": {"object": "public.copy"},
			"identity": {"source": {"field": "id"}, "target": "id", "function": "Equality"},
			"fields": [{"source": {"field": "name"}, "target": "name"}]})");
		json::Value target = body["target"];
		target.set("connection_id", connectionId);
		body.set("target", target);
		json::Value identity = body["identity"];
		json::Value idField = identity["source"];
		idField.set("model_id", modelId);
		identity.set("source", idField);
		body.set("identity", identity);
		json::Value field = json::Value::parse(R"({"field": "name"})");
		field.set("model_id", modelId);
		json::Value mapping = json::Value::object();
		mapping.set("source", field);
		mapping.set("target", "name");
		json::Value fields = json::Value::array();
		fields.push(mapping);
		body.set("fields", fields);
		return body.dump();
	};

	// The model goes between the sync's checks and its insert (as a concurrent DELETE would).
	const std::string doomed = createModel("Doomed");
	app.execute("CREATE FUNCTION take_model() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM models WHERE id = NEW.model_id; "
		"RETURN NEW; END $$; CREATE TRIGGER take_model BEFORE INSERT ON syncs FOR EACH ROW EXECUTE FUNCTION take_model()");
	HttpReply reply = api.call("POST", "/api/syncs", syncBody(doomed));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 409, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("conflict"), json::Value::parse(reply.body).getString("key"));
	CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("retry") != std::string::npos);
	app.execute("DROP TRIGGER take_model ON syncs");

	// A sync arrives on the model between the delete's check that none uses it and the delete.
	const std::string kept = createModel("Kept"), deleted = createModel("Deleted");
	api.data("POST", "/api/syncs", syncBody(kept));
	app.execute("CREATE FUNCTION move_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE syncs SET model_id = OLD.id; "
		"RETURN OLD; END $$; CREATE TRIGGER move_sync BEFORE DELETE ON models FOR EACH ROW EXECUTE FUNCTION move_sync()");
	reply = api.call("DELETE", "/api/models/" + deleted);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 409, reply.status);
	CPPUNIT_ASSERT_EQUAL(std::string("conflict"), json::Value::parse(reply.body).getString("key"));
}


CppUnit::Test* ModelSqlTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ModelSqlTest");
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testInjectedStatementsChangeNothing);
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testLargeValuesInSamples);
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testErrorsDoNotTellWhichGuessIsThePassword);
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testPreviewSlowerThanTheExecutorLimit);
	POLYTOMIC_ADD_TEST(suite, ModelSqlTest, testModelDeletedWhileASyncOnItIsCreated);
	return suite;
}
