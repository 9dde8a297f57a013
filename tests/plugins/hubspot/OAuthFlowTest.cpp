//
// OAuthFlowTest.cpp
//
// The OAuth sign-in of connections end to end through the REST API: a server
// process whose OAuth app is the HubSpot fake's, the browser's steps played
// over real HTTP (connect, the provider's authorize redirect, the callback).
//


#include "OAuthFlowTest.h"
#include "HubSpotPortal.h"
#include "support/TestDriver.h"
#include "Poco/URI.h"
#include <cppunit/TestAssert.h>
#include <sstream>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	std::string everyRowContaining(const TestDatabase& db, const std::string& text)
		/// The tables of the app database with a row whose text holds text ("" when none).
	{
		std::string found;
		const std::string tables = db.scalar("SELECT string_agg(table_name, ' ') FROM information_schema.tables WHERE table_schema = 'public' "
			"AND table_type = 'BASE TABLE'");
		std::istringstream names(tables);
		for (std::string table; names >> table;)
			if (db.scalar("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE '%" + text + "%'") != "0") found += table + " ";
		return found;
	}


	std::string errorKey(const HttpReply& reply)
	{
		try
		{
			return json::Value::parse(reply.body).getString("key");
		}
		catch (const std::exception&)
		{
			return reply.body;
		}
	}
}


void OAuthFlowTest::testSignInThroughTheApi()
{
	HubSpotPortal portal("oauthflow");
	const ApiClient ann = portal.user("ann@example.com");
	const SignIn s = portal.signIn(ann, "CRM");

	// connections.connect answers in the SDK's ConnectCardResponse: the URL to send the browser to and the session's token.
	const std::string authorize = s.started.getString("redirect_url");
	CPPUNIT_ASSERT_MESSAGE(authorize, authorize.rfind(portal.hubspot.url("/oauth/authorize"), 0) == 0);
	CPPUNIT_ASSERT_EQUAL(authorize, s.started.getString("auth_url"));
	const json::Value asked = portal.hubspot.lastAuthorize();
	CPPUNIT_ASSERT_EQUAL(std::string(HubSpotPortal::CLIENT_ID), asked.getString("client_id"));
	CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(portal.port) + "/connect/hubspot", asked.getString("redirect_uri"));
	CPPUNIT_ASSERT_EQUAL(s.started.getString("token"), asked.getString("state"));
	CPPUNIT_ASSERT(asked.getString("scope").find("crm.objects.contacts.write") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("S256"), asked.getString("code_challenge_method"));
	CPPUNIT_ASSERT_EQUAL(std::string("code"), asked.getString("response_type"));
	CPPUNIT_ASSERT(authorize.find(HubSpotPortal::CLIENT_SECRET) == std::string::npos);

	// The callback finishes the sign-in and sends the browser where connect said.
	CPPUNIT_ASSERT_EQUAL_MESSAGE(s.finished.body, 302, s.finished.status);
	const std::string back = HubSpotPortal::location(s.finished);
	CPPUNIT_ASSERT_MESSAGE(back, back.rfind("https://app.example.com/connections?from=hubspot&connection_id=", 0) == 0);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(back, std::string("healthy"), HubSpotPortal::queryValue(back, "status"));
	const std::string id = HubSpotPortal::queryValue(back, "connection_id");
	const json::Value connection = ann.data("GET", "/api/connections/" + id);
	CPPUNIT_ASSERT_EQUAL(std::string("CRM"), connection.getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::string("hubspot"), connection["type"].getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), connection.getString("status"));
	CPPUNIT_ASSERT(!connection["configuration"].has("access_token"));

	// Stored encrypted: no table holds a token or the app's secret in the clear.
	const auto secrets = portal.hubspot.issuedSecrets();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), secrets.size()); // one access token, one refresh token
	for (const auto& secret: secrets) CPPUNIT_ASSERT_EQUAL_MESSAGE(secret, std::string(), everyRowContaining(portal.app, secret));
	CPPUNIT_ASSERT_EQUAL(std::string(), everyRowContaining(portal.app, HubSpotPortal::CLIENT_SECRET));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), portal.app.scalar("SELECT count(*) FROM connection_tokens WHERE connection_id = '" + id +
		"' AND tokens LIKE 'v1:%' AND expires_at > now()"));

	// The connector's check ran with the access token (the fake answered it).
	CPPUNIT_ASSERT(portal.hubspot.apiCalls() > 0);

	// connection_types says which types sign in with OAuth.
	bool hubspotListed = false;
	const json::Value types = ann.data("GET", "/api/connection_types");
	for (const auto& type: types.items())
	{
		if (type.getString("id") == "hubspot") hubspotListed = type.getBool("use_oauth", false);
		if (type.getString("id") == "postgresql") CPPUNIT_ASSERT(!type.getBool("use_oauth", true));
	}
	CPPUNIT_ASSERT(hubspotListed);
}


void OAuthFlowTest::testStateUsedOnceAndByItsUser()
{
	HubSpotPortal portal("oauthstate");
	const ApiClient ann = portal.user("ann@example.com");
	const ApiClient bob = portal.user("bob@example.com");
	json::Value body = json::Value::parse(R"({"name": "CRM", "type": "hubspot", "redirect_url": "https://app.example.com/back"})");
	json::Value configuration = json::Value::object();
	configuration.set("api_url", portal.hubspot.url(""));
	body.set("configuration", configuration);
	const json::Value started = ann.data("POST", "/api/connections/connect", body.dump());
	const Poco::URI authorize(started.getString("redirect_url"));
	const HttpReply approved = HttpProbe::request(authorize.getPort(), "GET", authorize.getPathAndQuery());
	const std::string callback = Poco::URI(HubSpotPortal::location(approved)).getPathAndQuery();

	// Nobody signed in, another user: refused, and the state stays good for its user.
	CPPUNIT_ASSERT_EQUAL(401, HttpProbe::request(portal.port, "GET", callback).status);
	const HttpReply byBob = HttpProbe::request(portal.port, "GET", callback, "", {{"Authorization", bob.authorization}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(byBob.body, 403, byBob.status);
	CPPUNIT_ASSERT_EQUAL(std::string("oauth_state_not_yours"), errorKey(byBob));
	const HttpReply byAnn = HttpProbe::request(portal.port, "GET", callback, "", {{"Authorization", ann.authorization}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(byAnn.body, 302, byAnn.status);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), HubSpotPortal::queryValue(HubSpotPortal::location(byAnn), "status"));

	// Used once.
	const HttpReply again = HttpProbe::request(portal.port, "GET", callback, "", {{"Authorization", ann.authorization}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 409, again.status);
	CPPUNIT_ASSERT_EQUAL(std::string("oauth_state_used"), errorKey(again));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), portal.app.scalar("SELECT count(*) FROM connections WHERE type = 'hubspot'"));

	// Unknown, expired.
	const HttpReply unknown = HttpProbe::request(portal.port, "GET", "/connect/hubspot?code=x&state=not-a-state", "",
		{{"Authorization", ann.authorization}});
	CPPUNIT_ASSERT_EQUAL(std::string("oauth_state_unknown"), errorKey(unknown));
	const json::Value late = ann.data("POST", "/api/connections/connect", body.dump());
	portal.app.execute("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
	const HttpReply expired = HttpProbe::request(portal.port, "GET", "/connect/hubspot?code=x&state=" + late.getString("token"), "",
		{{"Authorization", ann.authorization}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(expired.body, 400, expired.status);
	CPPUNIT_ASSERT_EQUAL(std::string("oauth_state_expired"), errorKey(expired));

	// The provider's refusal goes back to the redirect URL, and nothing is created.
	const json::Value denied = ann.data("POST", "/api/connections/connect", body.dump());
	const HttpReply refused = HttpProbe::request(portal.port, "GET", "/connect/hubspot?error=access_denied&error_description=the+user+said+no&state=" +
		denied.getString("token"), "", {{"Authorization", ann.authorization}});
	CPPUNIT_ASSERT_EQUAL(302, refused.status);
	CPPUNIT_ASSERT(HubSpotPortal::queryValue(HubSpotPortal::location(refused), "error").find("access_denied") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), portal.app.scalar("SELECT count(*) FROM connections WHERE type = 'hubspot'"));

	// Not an OAuth type, not a type.
	json::Value postgres = json::Value::parse(R"({"name": "DB", "type": "postgresql", "redirect_url": "https://app.example.com/back"})");
	const HttpReply notOAuth = ann.call("POST", "/api/connections/connect", postgres.dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(notOAuth.body, 400, notOAuth.status);
	CPPUNIT_ASSERT(notOAuth.body.find("does not sign in with OAuth") != std::string::npos);
}


void OAuthFlowTest::testCreateWithRedirectUrl()
{
	HubSpotPortal portal("oauthcreate");
	json::Value body = json::Value::parse(R"({"name": "CRM", "type": "hubspot", "redirect_url": "https://app.example.com/done"})");
	json::Value configuration = json::Value::object();
	configuration.set("api_url", portal.hubspot.url(""));
	body.set("configuration", configuration);
	const json::Value created = portal.admin->data("POST", "/api/connections", body.dump());
	CPPUNIT_ASSERT_EQUAL(std::string("awaiting_authorization"), created.getString("status"));
	const Poco::URI authorize(created.getString("auth_url"));
	CPPUNIT_ASSERT_EQUAL(std::string("S256"), HubSpotPortal::queryValue(created.getString("auth_url"), "code_challenge_method"));
	const HttpReply approved = HttpProbe::request(authorize.getPort(), "GET", authorize.getPathAndQuery());
	const std::string callback = Poco::URI(HubSpotPortal::location(approved)).getPathAndQuery();
	const HttpReply finished = HttpProbe::request(portal.port, "GET", callback, "", {{"Authorization", portal.admin->authorization}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(finished.body, 302, finished.status);
	const std::string back = HubSpotPortal::location(finished);
	CPPUNIT_ASSERT_EQUAL(created.getString("id"), HubSpotPortal::queryValue(back, "connection_id"));
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), portal.admin->data("GET", "/api/connections/" + created.getString("id")).getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), portal.app.scalar("SELECT count(*) FROM connections"));
}


void OAuthFlowTest::testWithoutTheOAuthApp()
{
	HubSpotPortal portal("oauthnoapp", {{"HUBSPOT_CLIENT_ID", ""}, {"HUBSPOT_CLIENT_SECRET", ""}});
	const HttpReply refused = portal.admin->call("POST", "/api/connections/connect",
		R"({"name": "CRM", "type": "hubspot", "redirect_url": "https://app.example.com/back"})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 422, refused.status);
	CPPUNIT_ASSERT(refused.body.find("HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET") != std::string::npos);
	CPPUNIT_ASSERT(refused.body.find("/connect/hubspot") != std::string::npos);
	// Nothing of a connection is left by a create that cannot sign in.
	const HttpReply create = portal.admin->call("POST", "/api/connections", R"({"name": "CRM", "type": "hubspot", "configuration": {}})");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(create.body, 422, create.status);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), portal.app.scalar("SELECT count(*) FROM connections"));
}


CppUnit::Test* OAuthFlowTest::suite()
{
	auto* suite = new CppUnit::TestSuite("OAuthFlowTest");
	POLYTOMIC_ADD_TEST(suite, OAuthFlowTest, testSignInThroughTheApi);
	POLYTOMIC_ADD_TEST(suite, OAuthFlowTest, testStateUsedOnceAndByItsUser);
	POLYTOMIC_ADD_TEST(suite, OAuthFlowTest, testCreateWithRedirectUrl);
	POLYTOMIC_ADD_TEST(suite, OAuthFlowTest, testWithoutTheOAuthApp);
	return suite;
}
