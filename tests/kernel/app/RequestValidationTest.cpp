//
// RequestValidationTest.cpp
//


#include "RequestValidationTest.h"
#include "LicensedServer.h"
#include "support/Sanitizer.h"
#include "support/TestDriver.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	struct Server
		/// A licensed server with the test connectors; one connection, a model on it, a model sync
		/// and a bulk sync, made in the database so that every resource has an id to PUT to.
	{
		explicit Server(const std::string& database):
			db(database),
			port(TestEnvironment::freePort())
		{
			auto env = licensedEnvironment(db, port, issueTestKey(testLicense(200)));
			env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
			process = startServer(env);
			api = std::make_unique<ApiClient>(db, port);
			const std::string org = db.scalar("SELECT id FROM organizations");
			connection = db.scalar("INSERT INTO connections (organization_id, name, type) VALUES ('" + org + "', 'c', 'test_good') RETURNING id");
			model = db.scalar("INSERT INTO models (organization_id, name, connection_id, configuration, fields) VALUES ('" + org + "', 'm', '" +
				connection + "', '{\"table\": \"t\"}', '[{\"name\": \"id\", \"type\": \"int64\"}, {\"name\": \"name\", \"type\": \"string\"}]') RETURNING id");
			sync = db.scalar("INSERT INTO syncs (organization_id, name, active, mode, model_id, target_connection_id, definition) VALUES ('" + org +
				"', 's', false, 'updateOrCreate', '" + model + "', '" + connection + "', '{}') RETURNING id");
			bulk = db.scalar("INSERT INTO bulk_syncs (organization_id, name, source_connection_id, destination_connection_id, mode, schemas, active) "
				"VALUES ('" + org + "', 'b', '" + connection + "', '" + connection + "', 'snapshot', '[{\"id\": \"t\"}]', false) RETURNING id");
		}

		std::string withIds(std::string text) const
			/// {connection}, {model}, {sync}, {bulk} replaced by the ids.
		{
			for (const auto& [name, id]: {std::pair<std::string, std::string>{"{connection}", connection}, {"{model}", model}, {"{sync}", sync},
					 {"{bulk}", bulk}})
				for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name)) text.replace(at, name.size(), id);
			return text;
		}

		HttpReply call(const std::string& method, const std::string& path, const std::string& body = "") const
		{
			return api->call(method, withIds(path), withIds(body));
		}

		bool up() const { return HttpProbe::get(port, "/status.txt").status == 200; }

		long peakKilobytes() const
			/// VmHWM of the server process: the most memory it ever held.
		{
			std::ifstream status("/proc/" + std::to_string(process->pid()) + "/status");
			for (std::string line; std::getline(status, line);)
				if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
			return -1;
		}

		TestDatabase db;
		unsigned port;
		std::unique_ptr<ChildProcess> process;
		std::unique_ptr<ApiClient> api;
		std::string connection, model, sync, bulk;
	};


	struct Resource
	{
		std::string method;
		std::string path;
		std::string body;   /// a valid body; "@" marks a string to put bad text in
	};


	const std::vector<Resource> RESOURCES = {
		{"POST", "/api/connections", R"({"name": "@", "type": "test_good", "validate": false, "configuration": {"rows": 1}})"},
		{"PUT", "/api/connections/{connection}", R"({"name": "@", "type": "test_good", "validate": false, "configuration": {"rows": 1}})"},
		{"POST", "/api/connections/test", R"({"type": "test_good", "configuration": {"rows": 1, "token": "@"}})"},
		{"POST", "/api/models", R"({"name": "@", "connection_id": "{connection}", "configuration": {"table": "t"}})"},
		{"PUT", "/api/models/{model}", R"({"name": "m", "connection_id": "{connection}", "configuration": {"table": "@"}})"},
		{"POST", "/api/model-preview", R"({"connection_id": "{connection}", "configuration": {"query": "SELECT '@'"}})"},
		{"POST", "/api/syncs", R"({"name": "@", "mode": "updateOrCreate", "model_id": "{model}", "target": {"connection_id": "{connection}",
			"object": "t"}, "fields": [{"source": "name", "target": "name"}], "identity": {"source": "id", "target": "id", "function": "Equality"}})"},
		{"PUT", "/api/syncs/{sync}", R"({"name": "s", "mode": "updateOrCreate", "model_id": "{model}", "target": {"connection_id": "{connection}",
			"object": "t"}, "fields": [{"source": "name", "target": "@"}], "identity": {"source": "id", "target": "id"}})"},
		{"POST", "/api/syncs/{sync}/executions", R"({"identities": ["@"]})"},
		{"POST", "/api/bulk/syncs", R"({"name": "@", "source_connection_id": "{connection}", "destination_connection_id": "{connection}",
			"schemas": ["t"]})"},
		{"PUT", "/api/bulk/syncs/{bulk}", R"({"name": "b", "source_connection_id": "{connection}", "destination_connection_id": "{connection}",
			"schemas": [{"id": "@"}]})"},
		{"POST", "/api/webhooks", R"({"endpoint": "https://hooks.invalid/@", "secret": "12345678"})"},
		{"POST", "/api/organization/users", R"({"email": "@x@example.com", "role": "member"})"},
	};


	std::string with(const std::string& body, const std::string& text)
	{
		std::string out = body;
		out.replace(out.find('@'), 1, text);
		return out;
	}


	std::string describe(const std::string& method, const std::string& path, const HttpReply& reply)
	{
		return method + " " + path + " -> " + std::to_string(reply.status) + " " + json::repairedUtf8(reply.body.substr(0, 300));
	}


	void assertJsonError(const std::string& what, const HttpReply& reply, int status)
		/// The status, a JSON error {"key", "message"}, and valid UTF-8 throughout.
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(what, status, reply.status);
		CPPUNIT_ASSERT_MESSAGE(what, reply.headers.count("Content-Type") && reply.headers.at("Content-Type").find("application/json") == 0);
		CPPUNIT_ASSERT_MESSAGE(what + ": the answer is not UTF-8", json::isValidUtf8(reply.body));
		const json::Value error = json::Value::parse(reply.body);
		CPPUNIT_ASSERT_MESSAGE(what, error["key"].isString() && !error.getString("message").empty());
	}


	std::string fieldProblem(const HttpReply& reply, const std::string& field)
	{
		try
		{
			return json::Value::parse(reply.body)["metadata"]["fields"].getString(field);
		}
		catch (const std::exception&)
		{
			return "";
		}
	}
}


void RequestValidationTest::testDeepFilterLogic()
{
	Server server("rvlogic");
	// Before the parser bounded its recursion, this body killed the server (stack overflow, exit 139).
	const std::string logic = std::string(50000, '(') + "1" + std::string(50000, ')');
	const std::string body = R"({"name": "deep", "mode": "updateOrCreate", "model_id": "{model}", "target": {"connection_id": "{connection}",
		"object": "t"}, "fields": [{"source": "name", "target": "name"}], "identity": {"source": "id", "target": "id"},
		"filters": [{"field": "name", "function": "IsNotNull"}], "filter_logic": ")" + logic + "\"}";
	const HttpReply reply = server.call("POST", "/api/syncs", body);
	assertJsonError(describe("POST", "/api/syncs", reply), reply, 400);
	CPPUNIT_ASSERT_MESSAGE(reply.body, fieldProblem(reply, "filter_logic").find("nested more than 32 levels deep") != std::string::npos);
	std::string chain = "1";
	for (int i = 0; i < 100000; ++i) chain += " OR NOT 1";
	const HttpReply long_ = server.call("POST", "/api/syncs", body.substr(0, body.find("\"filter_logic\"")) + "\"filter_logic\": \"" + chain + "\"}");
	assertJsonError("a chain of 100,000 terms", long_, 400);
	CPPUNIT_ASSERT(fieldProblem(long_, "filter_logic").find("more than 1000 filter numbers") != std::string::npos);
	CPPUNIT_ASSERT(server.up());
	CPPUNIT_ASSERT_EQUAL(std::string("0"), server.db.scalar("SELECT count(*) FROM syncs WHERE name = 'deep'"));
}


void RequestValidationTest::testDeepJson()
{
	Server server("rvdeep");
	const std::string deep = "{\"name\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
	const HttpReply reply = server.call("POST", "/api/connections", deep);
	assertJsonError("100,000 nested arrays", reply, 400);
	CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("nested more than 64 levels deep") != std::string::npos);
	const std::string objects = "{\"name\": \"x\", \"type\": \"test_good\", \"configuration\": " + [] {
		std::string text;
		for (int i = 0; i < 65; ++i) text += "{\"a\": ";
		return text + "1" + std::string(65, '}');
	}() + "}";
	assertJsonError("65 nested objects", server.call("POST", "/api/connections", objects), 400);
	CPPUNIT_ASSERT(server.up());
}


void RequestValidationTest::testBadTextInBodies()
{
	Server server("rvtext");
	// Not UTF-8 (a stray byte, a cut sequence, an over-long '/', an encoded surrogate, Latin-1),
	// escapes that are not characters (lone surrogates), and NUL, which cannot be stored.
	const std::vector<std::string> cases = {"\xff", "x\xc3", "\xc0\xaf", "\xed\xa0\x80", "caf\xe9", "\\ud800", "\\udc00", "\\ud800\\u0041",
		"\\u0000", "a\\u0000b"};
	int checked = 0;
	for (const Resource& r: RESOURCES)
		for (const std::string& text: cases)
		{
			const HttpReply reply = server.call(r.method, r.path, with(r.body, text));
			assertJsonError(describe(r.method, r.path, reply) + " for " + json::repairedUtf8(text), reply, 400);
			++checked;
		}
	CPPUNIT_ASSERT_EQUAL(int(RESOURCES.size() * cases.size()), checked);
	// Nothing was stored, cut at the NUL or otherwise.
	CPPUNIT_ASSERT_EQUAL(std::string("1"), server.db.scalar("SELECT count(*) FROM connections"));
	CPPUNIT_ASSERT_EQUAL(std::string("c"), server.db.scalar("SELECT name FROM connections"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), server.db.scalar("SELECT count(*) FROM sync_executions"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), server.db.scalar("SELECT count(*) FROM users"));
	// A surrogate pair is one character, decoded as such.
	const HttpReply pair = server.call("POST", "/api/connections", with(RESOURCES[0].body, "smile \\ud83d\\ude00"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(pair.body, 200, pair.status);
	CPPUNIT_ASSERT_EQUAL(std::string("smile \xf0\x9f\x98\x80"), json::Value::parse(pair.body)["data"].getString("name"));
	CPPUNIT_ASSERT(server.up());
}


void RequestValidationTest::testBadTextInQueries()
{
	Server server("rvquery");
	for (const std::string path: {"/api/syncs?target_connection_id=", "/api/events?type=", "/api/audit?action=", "/api/audit?actor_id=",
			 "/api/connections?page_token="})
		for (const std::string text: {"%ff", "x%c3", "%ed%a0%80", "a%00b", "%c0%af"})
		{
			const HttpReply reply = server.call("GET", path + text);
			assertJsonError(describe("GET", path + text, reply), reply, 400);
			const std::string parameter = path.substr(path.find('?') + 1, path.size() - path.find('?') - 2);
			CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("query parameter " + parameter) != std::string::npos);
		}
	const HttpReply path = server.call("GET", "/api/syncs/%ff");
	assertJsonError(describe("GET", "/api/syncs/%ff", path), path, 400);
	CPPUNIT_ASSERT_EQUAL(200, server.call("GET", "/api/events?type=sync.completed").status);
	CPPUNIT_ASSERT(server.up());
}


void RequestValidationTest::testDuplicateNames()
{
	Server server("rvdup");
	// This parser would keep the first "role", a proxy or jsonb the last: the body is refused, nothing stored.
	const HttpReply reply = server.call("POST", "/api/organization/users", R"({"email": "twice@example.com", "role": "viewer", "role": "admin"})");
	assertJsonError(describe("POST", "/api/organization/users", reply), reply, 400);
	CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find(R"(names member \"role\" more than once)") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), server.db.scalar("SELECT count(*) FROM users WHERE email = 'twice@example.com'"));
	for (const Resource& r: RESOURCES)
	{
		const std::string body = r.body.substr(0, r.body.rfind('}')) + R"(, "name": "again", "name": "once more"})";
		const HttpReply refused = server.call(r.method, r.path, body);
		assertJsonError(describe(r.method, r.path, refused), refused, 400);
	}
	CPPUNIT_ASSERT(server.up());
}


void RequestValidationTest::testOverLongNames()
{
	Server server("rvnames");
	// 201 characters of two bytes each: the limit is the database's, in characters, checked before the database.
	std::string tooLong;
	for (int i = 0; i < 201; ++i) tooLong += "\xc3\xa9";
	for (const Resource& r: RESOURCES)
	{
		if (r.body.find("\"name\": \"@\"") == std::string::npos) continue;
		for (const std::string& path: {r.path, std::string(r.path == "/api/connections" ? "/api/connections/{connection}" :
												  r.path == "/api/syncs" ? "/api/syncs/{sync}" : r.path == "/api/bulk/syncs" ? "/api/bulk/syncs/{bulk}" : "")})
		{
			if (path.empty()) continue;
			const std::string method = path == r.path ? r.method : "PUT";
			const HttpReply reply = server.call(method, path, with(r.body, tooLong));
			assertJsonError(describe(method, path, reply), reply, 400);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(method, path, reply), std::string("is 201 characters long; at most 200 are allowed"),
				fieldProblem(reply, "name"));
		}
	}
	const std::string longest = tooLong.substr(2);
	const HttpReply accepted = server.call("POST", "/api/connections", with(RESOURCES[0].body, longest));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.body, 200, accepted.status);
	CPPUNIT_ASSERT_EQUAL(longest, json::Value::parse(accepted.body)["data"].getString("name"));
}


void RequestValidationTest::testWronglyTypedFields()
{
	Server server("rvtypes");
	const std::string bulk = R"({"name": "b", "source_connection_id": "{connection}", "destination_connection_id": "{connection}", "schemas": ["t"])";
	const std::string sync = R"({"name": "s", "mode": "updateOrCreate", "model_id": "{model}", "target": {"connection_id": "{connection}",
		"object": "t"}, "fields": [{"source": "name", "target": "name"}])";
	const std::string identity = R"(, "identity": {"source": "id", "target": "id"})";
	const std::string model = R"({"name": "m", "connection_id": "{connection}", "configuration": {"table": "t"})";
	struct Case
	{
		std::string method, path, body, field;
	};
	const std::vector<Case> cases = {
		{"POST", "/api/bulk/syncs", bulk + R"(, "mode": 5})", "mode"},
		{"POST", "/api/bulk/syncs", bulk + R"(, "schedule": {"frequency": 5}})", "schedule.frequency"},
		{"PUT", "/api/bulk/syncs/{bulk}", bulk + R"(, "schedule": {"frequency": "hourly", "minute": true}})", "schedule.minute"},
		{"POST", "/api/bulk/syncs", R"({"name": "b", "source_connection_id": "{connection}", "destination_connection_id": "{connection}",
			"schemas": [{"id": "t", "tracking_field": 5}]})", "schemas[0].tracking_field"},
		{"POST", "/api/syncs", sync + identity + R"(, "schedule": {"frequency": ["daily"]}})", "schedule.frequency"},
		{"POST", "/api/syncs", sync + identity + R"(, "schedule": {"frequency": "hourly", "minute": 1e300}})", "schedule.minute"},
		{"POST", "/api/syncs", sync + identity + R"(, "schedule": {"frequency": "custom", "cron": "59/2147483647 * * * *"}})", "schedule.minute"},
		{"POST", "/api/syncs", sync + identity + R"(, "schedule": {"frequency": "custom", "cron": 5}})", "schedule.cron"},
		{"POST", "/api/syncs", sync + identity + R"(, "schedule": {"frequency": "weekly", "day_of_week": 7, "hour": 3}})", "schedule.day_of_week"},
		{"POST", "/api/syncs", sync + identity + R"(, "filters": [{"field": "id", "function": "OnOrAfter", "value": "9999999-99-99"}]})", "filters"},
		{"POST", "/api/syncs", sync + R"(, "identity": {"source": "id", "target": "id", "function": 5}})", "identity.function"},
		{"POST", "/api/syncs", sync + R"(, "identity": {"source": "id", "target": 5}})", "identity.target"},
		{"POST", "/api/syncs", sync + identity + R"(, "filter_logic": 5})", "filter_logic"},
		{"POST", "/api/syncs", sync + identity + R"(, "sync_all_records": "yes"})", "sync_all_records"},
		{"POST", "/api/syncs", sync + identity + R"(, "filters": {"field": "id"}})", "filters"},
		{"PUT", "/api/syncs/{sync}", sync + identity + R"(, "active": "true"})", "active"},
		{"POST", "/api/syncs/{sync}/executions", R"({"identities": [{"id": 1}]})", "identities"},
		{"POST", "/api/models", model + R"(, "labels": "finance"})", "labels"},
		{"POST", "/api/models", model + R"(, "labels": [1, 2]})", "labels"},
		{"POST", "/api/models", R"({"name": "m", "connection_id": "{connection}", "configuration": {"table": "t", "query": 5}})",
			"configuration.query"},
		{"POST", "/api/connections/test", R"({"type": "test_good", "connection_id": 5})", "connection_id"},
		{"POST", "/api/webhooks", R"({"endpoint": ["https://hooks.invalid/"], "secret": "12345678"})", "endpoint"},
		{"POST", "/api/webhooks", R"({"endpoint": "https://hooks.invalid/", "secret": "12345678", "active": 1})", "active"},
		{"POST", "/api/organization/users", R"({"email": "new@example.com", "role": 5})", "role"},
		{"POST", "/api/organization/keys", R"({"force": "yes"})", "force"},
		// A snapshot bulk sync writes in its destination's snapshot mode, which the test connector lacks.
		{"POST", "/api/bulk/syncs", bulk + "}", "destination_connection_id"},
		// A user-defined field's type is one of the SDK's field types; its primary key is made of discovered fields.
		{"POST", "/api/connections/{connection}/schemas/numbers/fields", R"({"fields": [{"field_id": "city", "label": "City",
			"type": "text"}]})", "fields[0].type"},
		{"PUT", "/api/connections/{connection}/schemas/numbers/primary_keys", R"({"fields": [{"field_id": "city", "is_primary_key": true}]})",
			"fields"},
		// A field named twice in a primary key says two things: neither wins.
		{"PUT", "/api/connections/{connection}/schemas/numbers/primary_keys", R"({"fields": [{"field_id": "id", "is_primary_key": false},
			{"field_id": "id", "is_primary_key": true}]})", "fields[1].field_id"},
		// A user-defined field is named once, without surrounding spaces, and not as another field in other case.
		{"POST", "/api/connections/{connection}/schemas/numbers/fields", R"({"fields": [{"field_id": "dup", "label": "D", "type": "string"},
			{"field_id": "dup", "label": "D", "type": "string"}]})", "fields[1].field_id"},
		{"POST", "/api/connections/{connection}/schemas/numbers/fields", R"({"fields": [{"field_id": "ID", "label": "I", "type": "string"}]})",
			"fields[0].field_id"},
		{"POST", "/api/connections/{connection}/schemas/numbers/fields", R"({"fields": [{"field_id": "id ", "label": "I", "type": "string"}]})",
			"fields[0].field_id"},
		{"POST", "/api/connections/{connection}/schemas/numbers/fields", R"({"fields": [{"field_id": "City", "label": "C", "type": "string"}]})",
			"fields[0].field_id"},
		// A bulk sync copies fields found in the source (not user-defined ones, as the primary key), and at least one.
		{"PUT", "/api/bulk/syncs/{bulk}/schemas/numbers", R"({"fields": ["id", "nosuch"]})", "schema.fields[1]"},
		{"PUT", "/api/bulk/syncs/{bulk}/schemas/numbers", R"({"fields": ["id", "city"]})", "schema.fields[1]"},
		{"PUT", "/api/bulk/syncs/{bulk}/schemas/numbers", R"({"tracking_field": "nosuch"})", "schema.tracking_field"},
		{"PUT", "/api/bulk/syncs/{bulk}/schemas/numbers", R"({"fields": [{"id": "id", "enabled": false}, {"id": "label", "enabled": false}]})",
			"schema.fields"},
		{"PATCH", "/api/bulk/syncs/{bulk}/schemas", R"({"schemas": [{"id": "numbers", "fields": ["nosuch"]}]})", "schemas[0].fields[0]"},
		{"PUT", "/api/bulk/syncs/{bulk}", R"({"name": "b", "source_connection_id": "{connection}", "destination_connection_id": "{connection}",
			"mode": "replicate", "schemas": [{"id": "numbers", "fields": ["nosuch"]}]})", "schemas[0].fields[0]"},
	};
	// The field that may not be a primary key (typed right, so it is kept).
	const HttpReply city = server.call("POST", "/api/connections/{connection}/schemas/numbers/fields",
		R"({"fields": [{"field_id": "city", "label": "City", "type": "string", "path": "$.address.city"}]})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(city.body, 200, city.status);
	for (const Case& c: cases)
	{
		const HttpReply reply = server.call(c.method, c.path, c.body);
		assertJsonError(describe(c.method, c.path, reply), reply, 400);
		CPPUNIT_ASSERT_MESSAGE(describe(c.method, c.path, reply) + " does not name " + c.field, !fieldProblem(reply, c.field).empty());
	}
	CPPUNIT_ASSERT_EQUAL(std::string("1"), server.db.scalar("SELECT count(*) FROM syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), server.db.scalar("SELECT count(*) FROM bulk_syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), server.db.scalar("SELECT count(*) FROM sync_executions"));
	CPPUNIT_ASSERT_EQUAL(std::string("[]"), server.db.scalar("SELECT coalesce(primary_key::text, '[]') FROM schema_overrides"));
	CPPUNIT_ASSERT_EQUAL(std::string("[{\"id\": \"t\"}]"), server.db.scalar("SELECT schemas::text FROM bulk_syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("[\"city\"]"),
		server.db.scalar("SELECT jsonb_path_query_array(user_fields, '$[*].field_id')::text FROM schema_overrides"));
	// What the refusals said to do: a replicate bulk sync (updateOrCreate) and a discovered key are taken.
	const HttpReply replicate = server.call("POST", "/api/bulk/syncs", bulk + R"(, "mode": "replicate"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(replicate.body, 200, replicate.status);
	const HttpReply key = server.call("PUT", "/api/connections/{connection}/schemas/numbers/primary_keys",
		R"({"fields": [{"field_id": "id", "is_primary_key": true}]})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(key.body, 204, key.status);
	const HttpReply fields = server.call("PUT", "/api/bulk/syncs/{bulk}/schemas/numbers", R"({"fields": ["id", "label"], "tracking_field": "id"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(fields.body, 200, fields.status);
}


namespace
{
	std::string emptyArrays(std::size_t bytes)
		/// {"name": [[],[],...]} of at most that many bytes: three bytes a value.
	{
		std::string body = "{\"name\": [";
		body.reserve(bytes + 16);
		while (body.size() + 7 < bytes) body += "[],";
		return body + "[]]}";
	}
}


void RequestValidationTest::testLargeBodyMemory()
{
	Server server("rvmemory");
	const long before = server.peakKilobytes();
	const std::string body = emptyArrays(10 << 20); // MAX_REQUEST_BODY, the default
	const auto start = std::chrono::steady_clock::now();
	const HttpReply reply = server.call("POST", "/api/models", body);
	const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	const long grown = server.peakKilobytes() - before;
	std::printf("    10 MB body of [[],...]: %ld kB more peak memory (VmHWM %ld -> %ld kB), answered %d in %.2f s\n", grown, before,
		server.peakKilobytes(), reply.status, seconds);
	assertJsonError(describe("POST", "/api/models", reply), reply, 413);
	CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("more than 100000 JSON values") != std::string::npos);
	// The text itself is 10 MB (16 MB as a string grows); parsing it whole took ~450 MB.
	CPPUNIT_ASSERT_MESSAGE("peak memory grew by " + std::to_string(grown) + " kB", grown < 80 * 1024);
	CPPUNIT_ASSERT(seconds < 5);
	CPPUNIT_ASSERT(server.up());
}


void RequestValidationTest::testConcurrentLargeBodies()
{
	Server server("rvconcurrent");
	const long before = server.peakKilobytes();
	const std::string body = emptyArrays(10 << 20);
	std::vector<HttpReply> replies(32);
	std::vector<std::thread> clients;
	for (std::size_t i = 0; i < replies.size(); ++i)
		clients.emplace_back([&, i] {
			replies[i] = HttpProbe::request(server.port, "POST", "/api/models", body,
				{{"Authorization", server.api->authorization}, {"Content-Type", "application/json"}}, std::chrono::milliseconds(60000));
		});
	for (auto& c: clients) c.join();
	int refused = 0, busy = 0;
	for (const HttpReply& reply: replies)
	{
		if (reply.status == 413) ++refused;
		else if (reply.status == 503) ++busy;
		else CPPUNIT_FAIL("a client got " + std::to_string(reply.status) + " " + reply.error + " (413 or 503 expected)");
	}
	const long peak = server.peakKilobytes();
	std::printf("    32 concurrent 10 MB bodies: %d answered 413, %d 503; VmHWM %ld -> %ld kB\n", refused, busy, before, peak);
	// Without a bound this reached 18.8 GB; the parse budget (128 MiB) holds it to three such bodies at once,
	// and what the allocator keeps of the memory they freed comes on top.
	const long bound = polytomic::test::Sanitizer::memoryBound(384 * 1024);
	CPPUNIT_ASSERT_MESSAGE("VmHWM " + std::to_string(peak) + " kB", peak < bound);
	CPPUNIT_ASSERT(server.up());
}


CppUnit::Test* RequestValidationTest::suite()
{
	auto* suite = new CppUnit::TestSuite("RequestValidationTest");
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testDeepFilterLogic);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testDeepJson);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testBadTextInBodies);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testBadTextInQueries);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testDuplicateNames);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testOverLongNames);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testWronglyTypedFields);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testLargeBodyMemory);
	POLYTOMIC_ADD_TEST(suite, RequestValidationTest, testConcurrentLargeBodies);
	return suite;
}
