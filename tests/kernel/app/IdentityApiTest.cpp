//
// IdentityApiTest.cpp
//


#include "IdentityApiTest.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "Poco/Base64Encoder.h"
#include "polytomic/json.hpp"
#include <cppunit/TestAssert.h>
#include <sstream>
#include <thread>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const std::string API_KEY = "k3y-for-the-tests-0123456789";


	struct Api
		/// A server with the test connectors; calls as the deployment key or as any bearer key.
	{
		explicit Api(TestDatabase& db):
			port(TestEnvironment::freePort())
		{
			auto env = evaluationEnvironment(db.url(), port);
			env["PLUGIN_DIR"] = POLYTOMIC_FIXTURE_DIR;
			env["DEPLOYMENT_API_KEY"] = API_KEY;
			server = startServer(env);
			organizationId = db.scalar("SELECT id FROM organizations");
			std::ostringstream encoded;
			Poco::Base64Encoder encoder(encoded);
			encoder.rdbuf()->setLineLength(0);
			encoder << organizationId << ":" << API_KEY;
			encoder.close();
			deployment = "Basic " + encoded.str();
		}

		HttpReply call(const std::string& method, const std::string& path, const std::string& body = "")
		{
			return as(deployment, method, path, body);
		}

		HttpReply as(const std::string& authorization, const std::string& method, const std::string& path, const std::string& body = "")
		{
			return HttpProbe::request(port, method, path, body, {{"Authorization", authorization}, {"Content-Type", "application/json"}});
		}

		json::Value data(const HttpReply& reply)
		{
			return json::Value::parse(reply.body)["data"];
		}

		std::string addUser(const std::string& email, const std::string& role)
		{
			HttpReply created = call("POST", "/api/organization/users", R"({"email": ")" + email + R"(", "role": ")" + role + R"("})");
			CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
			return data(created).getString("id");
		}

		std::string keyOf(const std::string& userId)
			/// "Bearer <a new key of the user>".
		{
			HttpReply key = call("POST", "/api/organizations/" + organizationId + "/users/" + userId + "/keys", R"({"force": true})");
			CPPUNIT_ASSERT_EQUAL_MESSAGE(key.body, 200, key.status);
			return "Bearer " + data(key).getString("value");
		}

		unsigned port;
		std::unique_ptr<ChildProcess> server;
		std::string organizationId;
		std::string deployment;
	};


	std::string errorKey(const HttpReply& reply)
	{
		return json::Value::parse(reply.body).getString("key");
	}
}


void IdentityApiTest::testMeAndUsers()
{
	TestDatabase db("idusers");
	Api api(db);

	json::Value me = api.data(api.call("GET", "/api/me"));
	CPPUNIT_ASSERT(me["is_system"].asBool());
	CPPUNIT_ASSERT(!me["is_user"].asBool());
	CPPUNIT_ASSERT_EQUAL(api.organizationId, me.getString("organization_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("admin"), me.getString("role"));
	// The SDK types id and email as strings: a caller that is not a user has neither (not null).
	CPPUNIT_ASSERT(!me.has("id") && !me.has("email"));
	CPPUNIT_ASSERT_EQUAL(api.organizationId, api.data(api.call("GET", "/api/organization")).getString("id"));

	json::Value users = api.data(api.call("GET", "/api/organization/users"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), users.size());
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), users[0].getString("email"));
	CPPUNIT_ASSERT_EQUAL(std::string("admin"), users[0].getString("role"));

	const std::string ann = api.addUser("Ann@Example.com", "member");
	json::Value got = api.data(api.call("GET", "/api/organization/users/" + ann));
	CPPUNIT_ASSERT_EQUAL(std::string("ann@example.com"), got.getString("email"));
	CPPUNIT_ASSERT_EQUAL(std::string("member"), got.getString("role"));
	CPPUNIT_ASSERT_EQUAL(ann, api.data(api.call("GET", "/api/organizations/" + api.organizationId + "/users/" + ann)).getString("id"));
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/organizations/00000000-0000-0000-0000-000000000000/users/" + ann).status);

	HttpReply duplicate = api.call("POST", "/api/organization/users", R"({"email": "ann@example.com", "role": "viewer"})");
	CPPUNIT_ASSERT_EQUAL(409, duplicate.status);
	HttpReply badRole = api.call("POST", "/api/organization/users", R"({"email": "bob@example.com", "role": "owner"})");
	CPPUNIT_ASSERT_EQUAL(400, badRole.status);
	CPPUNIT_ASSERT(badRole.body.find("\"role\"") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(400, api.call("POST", "/api/organization/users", R"({"email": "not-an-email", "role": "viewer"})").status);

	HttpReply replaced = api.call("PUT", "/api/organization/users/" + ann, R"({"email": "ann@example.com", "role": "viewer"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(replaced.body, 200, replaced.status);
	CPPUNIT_ASSERT_EQUAL(std::string("viewer"), api.data(replaced).getString("role"));
	CPPUNIT_ASSERT_EQUAL(400, api.call("PUT", "/api/organization/users/" + ann, R"({"email": "ann@example.com"})").status);

	// A user's key speaks for the user, with the role the user has now.
	const std::string annKey = api.keyOf(ann);
	json::Value annMe = api.data(api.as(annKey, "GET", "/api/me"));
	CPPUNIT_ASSERT(annMe["is_user"].asBool());
	CPPUNIT_ASSERT_EQUAL(ann, annMe.getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("viewer"), annMe.getString("role"));
	api.call("PUT", "/api/organization/users/" + ann, R"({"email": "ann@example.com", "role": "member"})");
	CPPUNIT_ASSERT_EQUAL(std::string("member"), api.data(api.as(annKey, "GET", "/api/me")).getString("role"));

	// The SDK's users.remove answers the user it removed.
	HttpReply removed = api.call("DELETE", "/api/organization/users/" + ann);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(removed.body, 200, removed.status);
	CPPUNIT_ASSERT_EQUAL(ann, api.data(removed).getString("id"));
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/organization/users/" + ann).status);
	CPPUNIT_ASSERT_EQUAL(401, api.as(annKey, "GET", "/api/me").status);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM api_keys"));
}


void IdentityApiTest::testKeysHashedAtRest()
{
	TestDatabase db("idkeys");
	Api api(db);
	const std::string member = api.addUser("member@example.com", "member");
	const std::string other = api.addUser("other@example.com", "member");

	HttpReply issued = api.call("POST", "/api/organizations/" + api.organizationId + "/users/" + member + "/keys");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(issued.body, 200, issued.status);
	const std::string key = api.data(issued).getString("value");
	CPPUNIT_ASSERT(key.size() >= 40);

	// Only the SHA-256 of the key is stored.
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM api_keys"));
	CPPUNIT_ASSERT_EQUAL(db.scalar("SELECT encode(sha256(convert_to('" + key + "', 'UTF8')), 'hex')"), db.scalar("SELECT key_hash FROM api_keys"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM api_keys a WHERE a::text LIKE '%" + key.substr(4, 20) + "%'"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM audit_log a WHERE a::text LIKE '%" + key.substr(4, 20) + "%'"));

	CPPUNIT_ASSERT_EQUAL(200, api.as("Bearer " + key, "GET", "/api/connections").status);
	CPPUNIT_ASSERT_EQUAL(401, api.as("Bearer " + key + "x", "GET", "/api/connections").status);

	// A second key needs force, which revokes the first.
	HttpReply again = api.call("POST", "/api/organizations/" + api.organizationId + "/users/" + member + "/keys");
	CPPUNIT_ASSERT_EQUAL(409, again.status);
	CPPUNIT_ASSERT_EQUAL(200, api.as("Bearer " + key, "GET", "/api/me").status);
	HttpReply forced = api.call("POST", "/api/organizations/" + api.organizationId + "/users/" + member + "/keys", R"({"force": true})");
	CPPUNIT_ASSERT_EQUAL(200, forced.status);
	CPPUNIT_ASSERT_EQUAL(401, api.as("Bearer " + key, "GET", "/api/me").status);
	const std::string newKey = "Bearer " + api.data(forced).getString("value");
	CPPUNIT_ASSERT_EQUAL(200, api.as(newKey, "GET", "/api/me").status);

	// A member makes their own key, not somebody else's.
	HttpReply own = api.as(newKey, "POST", "/api/organizations/" + api.organizationId + "/users/" + member + "/keys", R"({"force": true})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(own.body, 200, own.status);
	CPPUNIT_ASSERT_EQUAL(403, api.as("Bearer " + api.data(own).getString("value"), "POST",
		"/api/organizations/" + api.organizationId + "/users/" + other + "/keys").status);

	// The organization's key: admin rights, no user.
	HttpReply organizationKey = api.call("POST", "/api/organization/keys");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(organizationKey.body, 200, organizationKey.status);
	const std::string orgKey = "Bearer " + api.data(organizationKey).getString("value");
	json::Value orgMe = api.data(api.as(orgKey, "GET", "/api/me"));
	CPPUNIT_ASSERT(orgMe["is_organization"].asBool());
	CPPUNIT_ASSERT(!orgMe.has("id") && !orgMe.has("email"));
	CPPUNIT_ASSERT_EQUAL(std::string("admin"), orgMe.getString("role"));
	CPPUNIT_ASSERT_EQUAL(200, api.as(orgKey, "GET", "/api/organization/users").status);
	CPPUNIT_ASSERT_EQUAL(409, api.call("POST", "/api/organization/keys").status);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM api_keys WHERE key_hash !~ '^[0-9a-f]{64}$'"));
}


void IdentityApiTest::testRoleMatrix()
{
	TestDatabase db("idroles");
	Api api(db);
	std::map<std::string, std::string> keys = {
		{"admin", api.keyOf(api.addUser("admin2@example.com", "admin"))},
		{"member", api.keyOf(api.addUser("member@example.com", "member"))},
		{"viewer", api.keyOf(api.addUser("viewer@example.com", "viewer"))}};
	const std::string connection = api.data(api.call("POST", "/api/connections",
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5}})")).getString("id");
	const std::string someone = api.addUser("someone@example.com", "viewer");

	struct Case
	{
		std::string method;
		std::string path;
		std::string body;
		std::string least;   /// the lowest role allowed
	};
	const std::string connectionBody = R"({"name": "N", "type": "test_good", "validate": false, "configuration": {"rows": 1}})";
	const std::vector<Case> cases = {
		{"GET", "/api/me", "", "viewer"},
		{"GET", "/api/organization", "", "viewer"},
		{"GET", "/api/connection_types", "", "viewer"},
		{"GET", "/api/connections", "", "viewer"},
		{"GET", "/api/connections/" + connection, "", "viewer"},
		{"POST", "/api/connections", connectionBody, "member"},
		{"PUT", "/api/connections/" + connection, connectionBody, "member"},
		{"POST", "/api/connections/test", R"({"type": "test_good", "configuration": {"rows": 1}})", "member"},
		{"GET", "/api/models", "", "viewer"},
		{"POST", "/api/models", "{}", "member"},
		{"GET", "/api/syncs", "", "viewer"},
		{"POST", "/api/syncs", R"({"name": "x", "fields": [], "filters": [], "overrides": []})", "member"},
		{"GET", "/api/bulk/syncs", "", "viewer"},
		{"POST", "/api/bulk/syncs", "{}", "member"},
		{"GET", "/api/events", "", "viewer"},
		{"GET", "/api/events_types", "", "viewer"},
		{"GET", "/api/organizations", "", "viewer"},
		{"GET", "/api/organizations/" + api.organizationId, "", "viewer"},
		{"PUT", "/api/organizations/" + api.organizationId, R"({"name": "Acme"})", "admin"},
		{"GET", "/api/permissions/roles", "", "viewer"},
		{"GET", "/api/permissions/policies", "", "viewer"},
		{"GET", "/api/webhooks", "", "admin"},
		{"POST", "/api/webhooks", R"({"endpoint": "https://example.com/hook", "secret": "s"})", "admin"},
		{"GET", "/api/organization/users", "", "admin"},
		{"GET", "/api/organization/users/" + someone, "", "admin"},
		{"POST", "/api/organization/users", R"({"email": "new-{role}@example.com", "role": "viewer"})", "admin"},
		{"PUT", "/api/organization/users/" + someone, R"({"email": "someone@example.com", "role": "viewer"})", "admin"},
		{"POST", "/api/organizations/" + api.organizationId + "/users/" + someone + "/keys", R"({"force": true})", "admin"},
		{"POST", "/api/organization/keys", R"({"force": true})", "admin"},
		{"GET", "/api/audit", "", "admin"},
		{"DELETE", "/api/connections/" + connection, "", "member"},
	};
	const std::vector<std::string> order = {"viewer", "member", "admin"};
	for (const auto& c: cases)
	{
		const auto least = std::find(order.begin(), order.end(), c.least) - order.begin();
		for (std::size_t i = 0; i < order.size(); ++i)
		{
			const std::string& role = order[i];
			std::string body = c.body;
			const auto placeholder = body.find("{role}");
			if (placeholder != std::string::npos) body.replace(placeholder, 6, role);
			HttpReply reply = api.as(keys[role], c.method, c.path, body);
			const std::string label = role + " " + c.method + " " + c.path + " -> " + std::to_string(reply.status) + " " + reply.body;
			if (static_cast<long>(i) < least)
			{
				CPPUNIT_ASSERT_EQUAL_MESSAGE(label, 403, reply.status);
				CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::string("forbidden"), errorKey(reply));
			}
			else
			{
				CPPUNIT_ASSERT_MESSAGE(label, reply.status != 403 && reply.status != 401 && reply.status != 500 && reply.status != 0);
			}
		}
	}
	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::get(api.port, "/api/me").status);
}


void IdentityApiTest::testLastAdmin()
{
	TestDatabase db("idadmin");
	Api api(db);
	const std::string root = db.scalar("SELECT id FROM users WHERE email = 'root@example.com'");

	HttpReply demote = api.call("PUT", "/api/organization/users/" + root, R"({"email": "root@example.com", "role": "member"})");
	CPPUNIT_ASSERT_EQUAL(409, demote.status);
	CPPUNIT_ASSERT(demote.body.find("last admin") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(409, api.call("DELETE", "/api/organization/users/" + root).status);
	CPPUNIT_ASSERT_EQUAL(std::string("admin"), db.scalar("SELECT role FROM users WHERE id = '" + root + "'"));

	// With a second admin, the first may go; then the second is the last.
	const std::string second = api.addUser("second@example.com", "admin");
	const std::string secondKey = api.keyOf(second);
	CPPUNIT_ASSERT_EQUAL(200, api.as(secondKey, "PUT", "/api/organization/users/" + root, R"({"email": "root@example.com", "role": "viewer"})").status);
	CPPUNIT_ASSERT_EQUAL(409, api.as(secondKey, "PUT", "/api/organization/users/" + second,
		R"({"email": "second@example.com", "role": "member"})").status);
	CPPUNIT_ASSERT_EQUAL(409, api.as(secondKey, "DELETE", "/api/organization/users/" + second).status);
	CPPUNIT_ASSERT_EQUAL(200, api.as(secondKey, "DELETE", "/api/organization/users/" + root).status);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM users WHERE role = 'admin'"));

	// Two admins demoting each other at the same moment: exactly one succeeds, one admin is left.
	for (int round = 0; round < 5; ++round)
	{
		const std::string email = "a" + std::to_string(round) + "@example.com";
		const std::string a = api.addUser(email, "admin");
		const std::string keyA = api.keyOf(a);
		int statusA = 0, statusB = 0;
		std::thread one([&] {
			statusA = api.as(keyA, "PUT", "/api/organization/users/" + second, R"({"email": "second@example.com", "role": "member"})").status;
		});
		std::thread two([&] {
			statusB = api.as(secondKey, "PUT", "/api/organization/users/" + a, R"({"email": ")" + email + R"(", "role": "member"})").status;
		});
		one.join();
		two.join();
		CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM users WHERE role = 'admin'"));
		const auto refused = [](int status) { return status == 409 || status == 403; };
		CPPUNIT_ASSERT_MESSAGE(std::to_string(statusA) + " " + std::to_string(statusB),
			(statusA == 200 && refused(statusB)) || (statusB == 200 && refused(statusA)));
		db.execute("DELETE FROM users WHERE id = '" + a + "'");
		db.execute("UPDATE users SET role = 'admin' WHERE id = '" + second + "'");
	}
}


void IdentityApiTest::testAuditTrail()
{
	TestDatabase db("idaudit");
	Api api(db);
	const std::string member = api.addUser("member@example.com", "member");
	const std::string key = api.keyOf(member);

	HttpReply created = api.as(key, "POST", "/api/connections",
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5, "token": "tok-secret-123"}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
	const std::string id = api.data(created).getString("id");
	CPPUNIT_ASSERT_EQUAL(200, api.as(key, "PUT", "/api/connections/" + id,
		R"({"name": "Numbers 2", "type": "test_good", "configuration": {"rows": 7, "token": "tok-secret-456"}})").status);
	CPPUNIT_ASSERT_EQUAL(204, api.as(key, "DELETE", "/api/connections/" + id).status);
	CPPUNIT_ASSERT_EQUAL(404, api.as(key, "DELETE", "/api/connections/" + id).status);
	CPPUNIT_ASSERT_EQUAL(403, api.as(key, "POST", "/api/organization/users", R"({"email": "x@example.com", "role": "admin"})").status);
	CPPUNIT_ASSERT_EQUAL(200, api.as(key, "GET", "/api/connections").status);

	HttpReply trail = api.call("GET", "/api/audit?limit=5");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(trail.body, 200, trail.status);
	json::Value page = json::Value::parse(trail.body);
	json::Value entries = page["data"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), entries.size());
	// Newest first: the refused user creation, the failed delete, the delete, the update, the create.
	const std::vector<std::pair<std::string, int64_t>> expected = {{"user.create", 403}, {"connection.delete", 404},
		{"connection.delete", 204}, {"connection.update", 200}, {"connection.create", 200}};
	for (std::size_t i = 0; i < expected.size(); ++i)
	{
		CPPUNIT_ASSERT_EQUAL(expected[i].first, entries[i].getString("action"));
		CPPUNIT_ASSERT_EQUAL(expected[i].second, entries[i]["status"].asInt64());
		CPPUNIT_ASSERT_EQUAL(std::string("user"), entries[i]["actor"].getString("type"));
		CPPUNIT_ASSERT_EQUAL(member, entries[i]["actor"].getString("id"));
		CPPUNIT_ASSERT_EQUAL(std::string("member@example.com"), entries[i]["actor"].getString("email"));
		CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), entries[i].getString("client_address"));
	}
	for (std::size_t i = 1; i < 5; ++i) CPPUNIT_ASSERT_EQUAL(id, entries[i].getString("resource_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("/api/connections/{id}"), entries[3].getString("route"));
	CPPUNIT_ASSERT_EQUAL(std::string("PUT"), entries[3].getString("method"));

	// The next page goes on from there: the key and the users the deployment key made.
	json::Value next = api.data(api.call("GET", "/api/audit?limit=5&page_token=" + page["pagination"].getString("next_page_token")));
	CPPUNIT_ASSERT_EQUAL(std::string("user.key.create"), next[0].getString("action"));
	CPPUNIT_ASSERT_EQUAL(member, next[0].getString("resource_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("system"), next[0]["actor"].getString("type"));
	CPPUNIT_ASSERT_EQUAL(std::string("user.create"), next[1].getString("action"));
	CPPUNIT_ASSERT_EQUAL(member, next[1].getString("resource_id"));

	json::Value filtered = api.data(api.call("GET", "/api/audit?action=connection."));
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), filtered.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), api.data(api.call("GET", "/api/audit?action=connection.create")).size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), api.data(api.call("GET", "/api/audit?actor_id=" + member)).size());

	// Never a secret.
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM audit_log a WHERE a::text LIKE '%tok-secret%'"));
}


void IdentityApiTest::testFailedKeysRateLimited()
{
	TestDatabase db("idlimit");
	Api api(db);
	for (int i = 0; i < 10; ++i) CPPUNIT_ASSERT_EQUAL(401, api.as("Bearer wrong-" + std::to_string(i), "GET", "/api/me").status);
	HttpReply limited = api.call("GET", "/api/me");
	CPPUNIT_ASSERT_EQUAL(429, limited.status);
	CPPUNIT_ASSERT_EQUAL(std::string("too_many_requests"), errorKey(limited));
	CPPUNIT_ASSERT(limited.headers.count("Retry-After") || limited.headers.count("retry-after"));
}


void IdentityApiTest::testOrganizations()
{
	TestDatabase db("idorgs");
	Api api(db);
	HttpReply key = api.call("POST", "/api/organization/keys");
	const std::string orgKey = "Bearer " + api.data(key).getString("value");

	// The deployment key is the operator's: it alone creates and removes organizations, and sees them all.
	HttpReply refused = api.as(orgKey, "POST", "/api/organizations", R"({"name": "Second"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
	CPPUNIT_ASSERT(refused.body.find("deployment key") != std::string::npos);
	HttpReply created = api.call("POST", "/api/organizations", R"({"name": "Second"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
	const std::string second = api.data(created).getString("id");
	CPPUNIT_ASSERT_EQUAL(409, api.call("POST", "/api/organizations", R"({"name": "SECOND"})").status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("POST", "/api/organizations", R"({"name": ""})").status);
	HttpReply sso = api.call("POST", "/api/organizations", R"({"name": "Third", "sso_domain": "example.com"})");
	CPPUNIT_ASSERT_EQUAL(400, sso.status);
	CPPUNIT_ASSERT(sso.body.find("sso_domain") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), api.data(api.call("GET", "/api/organizations")).size());
	CPPUNIT_ASSERT_EQUAL(second, api.data(api.call("GET", "/api/organizations/" + second)).getString("id"));

	// An organization's own key sees and renames only its own.
	json::Value own = api.data(api.as(orgKey, "GET", "/api/organizations"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), own.size());
	CPPUNIT_ASSERT_EQUAL(api.organizationId, own[0].getString("id"));
	CPPUNIT_ASSERT_EQUAL(404, api.as(orgKey, "GET", "/api/organizations/" + second).status);
	CPPUNIT_ASSERT_EQUAL(404, api.as(orgKey, "PUT", "/api/organizations/" + second, R"({"name": "Mine"})").status);
	HttpReply renamed = api.as(orgKey, "PUT", "/api/organizations/" + api.organizationId, R"({"name": "Renamed"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(renamed.body, 200, renamed.status);
	CPPUNIT_ASSERT_EQUAL(std::string("Renamed"), db.scalar("SELECT name FROM organizations WHERE id = '" + api.organizationId + "'"));
	CPPUNIT_ASSERT_EQUAL(409, api.as(orgKey, "PUT", "/api/organizations/" + api.organizationId, R"({"name": "second"})").status);
	CPPUNIT_ASSERT_EQUAL(403, api.as(orgKey, "DELETE", "/api/organizations/" + second).status);

	// The deployment key acts in the new organization by naming it; it cannot remove the one it names.
	const std::string basicSecond = HttpProbe::basicAuthorization(second, API_KEY);
	CPPUNIT_ASSERT_EQUAL(200, api.as(basicSecond, "POST", "/api/organization/users", R"({"email": "ann@second.com", "role": "admin"})").status);
	CPPUNIT_ASSERT_EQUAL(200, api.as(basicSecond, "POST", "/api/connections",
		R"({"name": "Numbers", "type": "test_good", "configuration": {"rows": 5}})").status);
	CPPUNIT_ASSERT_EQUAL(403, api.as(basicSecond, "DELETE", "/api/organizations/" + second).status);

	// Events: the deployment key may name another organization; its keys may not.
	db.execute("INSERT INTO events (organization_id, type, payload) VALUES ('" + second + "', 'sync.running', '{}')");
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), api.data(api.call("GET", "/api/events?organization_id=" + second)).size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), api.data(api.call("GET", "/api/events")).size());
	CPPUNIT_ASSERT_EQUAL(403, api.as(orgKey, "GET", "/api/events?organization_id=" + second).status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("GET", "/api/events?ending_before=2026-02-30T00:00:00Z").status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("GET", "/api/events?starting_after=0000-12-31T00:00:00Z").status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("GET", "/api/events?type=sync.exploded").status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("GET", "/api/events?limit=101").status);
	HttpReply inUse = api.call("DELETE", "/api/organizations/" + second);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(inUse.body, 422, inUse.status);
	db.execute("DELETE FROM connections WHERE organization_id = '" + second + "'");
	CPPUNIT_ASSERT_EQUAL(204, api.call("DELETE", "/api/organizations/" + second).status);
	CPPUNIT_ASSERT_EQUAL(404, api.call("GET", "/api/organizations/" + second).status);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM users WHERE email = 'ann@second.com'"));
}


void IdentityApiTest::testBuiltInRoles()
{
	TestDatabase db("idbuiltin");
	Api api(db);
	json::Value roles = api.data(api.call("GET", "/api/permissions/roles"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), roles.size());
	std::map<std::string, std::string> ids;
	for (std::size_t i = 0; i < roles.size(); ++i)
	{
		CPPUNIT_ASSERT(roles[i]["system"].asBool());
		ids[roles[i].getString("name")] = roles[i].getString("id");
	}
	CPPUNIT_ASSERT(ids.count("Admin") && ids.count("Member") && ids.count("Viewer"));

	// A user is given a role by its id, and shows it back as role and role_ids.
	HttpReply created = api.call("POST", "/api/organization/users", R"({"email": "ann@example.com", "role_ids": [")" + ids["Viewer"] + R"("]})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 200, created.status);
	CPPUNIT_ASSERT_EQUAL(std::string("viewer"), api.data(created).getString("role"));
	CPPUNIT_ASSERT_EQUAL(ids["Viewer"], api.data(created)["role_ids"][0].asString());
	const std::string ann = api.data(created).getString("id");
	HttpReply both = api.call("PUT", "/api/organization/users/" + ann, R"({"email": "ann@example.com", "role": "admin", "role_ids": [")" +
		ids["Admin"] + R"("]})");
	CPPUNIT_ASSERT_EQUAL(400, both.status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("PUT", "/api/organization/users/" + ann,
		R"({"email": "ann@example.com", "role_ids": ["5b0c7e1a-0000-4000-8000-0000000000ff"]})").status);
	CPPUNIT_ASSERT_EQUAL(400, api.call("PUT", "/api/organization/users/" + ann,
		R"({"email": "ann@example.com", "role_ids": []})").status);
	CPPUNIT_ASSERT_EQUAL(200, api.call("PUT", "/api/organization/users/" + ann, R"({"email": "ann@example.com", "role_ids": [")" +
		ids["Member"] + R"("]})").status);
	CPPUNIT_ASSERT_EQUAL(std::string("member"), db.scalar("SELECT role FROM users WHERE id = '" + ann + "'"));

	// The built-in roles and the policy that states them are what the server enforces: they do not change.
	HttpReply rename = api.call("PUT", "/api/permissions/roles/" + ids["Member"], R"({"name": "Owner"})");
	CPPUNIT_ASSERT_EQUAL(403, rename.status);
	CPPUNIT_ASSERT_EQUAL(std::string("system_role"), errorKey(rename));
	CPPUNIT_ASSERT_EQUAL(404, api.call("DELETE", "/api/permissions/roles/5b0c7e1a-0000-4000-8000-0000000000ff").status);
	CPPUNIT_ASSERT_EQUAL(std::string("not_supported"), errorKey(api.call("POST", "/api/permissions/roles", R"({"name": "Custom"})")));
	json::Value policies = api.data(api.call("GET", "/api/permissions/policies"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), policies.size());
	const std::string policy = policies[0].getString("id");
	CPPUNIT_ASSERT_EQUAL(policy, api.data(api.call("GET", "/api/permissions/policies/" + policy)).getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("system_policy"), errorKey(api.call("DELETE", "/api/permissions/policies/" + policy)));
	CPPUNIT_ASSERT_EQUAL(std::string("not_supported"), errorKey(api.call("POST", "/api/permissions/policies", R"({"name": "Custom"})")));
}


CppUnit::Test* IdentityApiTest::suite()
{
	auto* suite = new CppUnit::TestSuite("IdentityApiTest");
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testMeAndUsers);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testKeysHashedAtRest);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testRoleMatrix);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testLastAdmin);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testAuditTrail);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testFailedKeysRateLimited);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testOrganizations);
	POLYTOMIC_ADD_TEST(suite, IdentityApiTest, testBuiltInRoles);
	return suite;
}
