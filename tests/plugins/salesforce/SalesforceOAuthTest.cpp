//
// SalesforceOAuthTest.cpp
//
// Both sign-ins of a Salesforce connection through the REST API, against the
// Salesforce fake: the web-server flow (authorize redirect, callback, tokens
// stored encrypted, the token answer's instance_url as the API's host) and
// the client-credentials flow (no browser); each with its access token
// replaced in the middle of a run, and a refused refresh token or client
// credentials turned into the connection's reconnect state.
//


#include "SalesforceOAuthTest.h"
#include "SalesforceOrg.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	std::string firstError(const json::Value& execution)
	{
		return execution["errors"].size() ? execution["errors"][0].asString() : execution.dump();
	}


	void requireContacts(const SalesforceOrg& org, std::size_t expected)
	{
		const auto contacts = org.salesforce.records("Contact");
		CPPUNIT_ASSERT_EQUAL(expected, contacts.size());
		for (const auto& c: contacts) CPPUNIT_ASSERT_EQUAL_MESSAGE(c.id, std::size_t(1), org.salesforce.writesOf("Contact", c.id));
	}
}


void SalesforceOAuthTest::testWebServerFlow()
{
	SalesforceOrg org("sfweb");
	const std::string id = org.connect("CRM");
	const json::Value authorize = org.salesforce.lastAuthorize();
	CPPUNIT_ASSERT_EQUAL(std::string("api refresh_token"), authorize.getString("scope"));
	CPPUNIT_ASSERT_EQUAL(std::string("S256"), authorize.getString("code_challenge_method"));
	CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(org.port) + "/connect/salesforce", authorize.getString("redirect_uri"));
	const json::Value connection = org.admin->data("GET", "/api/connections/" + id);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), connection.getString("status"));
	CPPUNIT_ASSERT(connection.dump().find("00D000000000001!") == std::string::npos);
	CPPUNIT_ASSERT(org.app.scalar("SELECT count(*) FROM connection_tokens WHERE tokens LIKE '%00D000000000001!%'") == "0");

	// The org's sessions last 2 s and every call takes 100 ms: the run outlives several access tokens.
	const std::string warehouseId = org.warehouseConnection();
	const std::string sync = org.contactSync(org.peopleModel(300, warehouseId), id);
	org.salesforce.setTokenLifetime(std::chrono::seconds(2));
	org.salesforce.expireAccessTokens();
	org.salesforce.setLatency(std::chrono::milliseconds(100));
	org.salesforce.setThroughput(100);
	const int before = org.salesforce.refreshes();
	const json::Value done = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(org.salesforce.refreshes() - before), org.salesforce.refreshes() - before >= 2);
	requireContacts(org, 297);

	// Access revoked in Salesforce: the run fails saying so, and the connection asks to be signed in again.
	org.salesforce.setLatency(std::chrono::milliseconds(0));
	org.salesforce.revokeRefreshTokens();
	org.warehouse.execute("UPDATE people SET first = 'Renamed' WHERE id <= 10");
	const json::Value failed = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	const std::string error = firstError(failed);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("must be signed in again") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("invalid_grant") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("INVALID_SESSION_ID") == std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("reconnect"), org.admin->data("GET", "/api/connections/" + id).getString("status"));

	// Signed in again, the same connection runs the sync.
	const HttpReply again = org.webServerSignIn("CRM", id);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 302, again.status);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), org.admin->data("GET", "/api/connections/" + id).getString("status"));
	const json::Value resumed = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(resumed.dump(), std::string("completed"), resumed.getString("status"));
	for (const auto& c: org.salesforce.records("Contact"))
		if (c.fields.at("External_Id__c") == "7") CPPUNIT_ASSERT_EQUAL(std::string("Renamed"), c.fields.at("FirstName"));
}


void SalesforceOAuthTest::testClientCredentialsFlow()
{
	SalesforceOrg org("sfcc");
	// A login host that is not Salesforce's is refused before the app's secret goes anywhere.
	json::Value evil = json::Value::object();
	evil.set("name", "Elsewhere");
	evil.set("type", "salesforce");
	evil.set("redirect_url", "https://app.example.com/connections");
	json::Value configuration = org.configuration("client_credentials");
	configuration.set("login_host", "salesforce.com.example.net");
	evil.set("configuration", configuration);
	const HttpReply refused = org.admin->call("POST", "/api/connections/connect", evil.dump());
	CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 400, refused.status);
	CPPUNIT_ASSERT_MESSAGE(refused.body, refused.body.find("login_host") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(0, org.salesforce.credentialGrants());

	// No browser: the answer's auth_url is the return URL, the connection signed in already.
	const json::Value started = org.connectWithCredentials("Org");
	const std::string back = started.getString("auth_url");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(back, std::string("healthy"), SalesforceOrg::queryValue(back, "status"));
	const std::string id = SalesforceOrg::queryValue(back, "connection_id");
	CPPUNIT_ASSERT_EQUAL(1, org.salesforce.credentialGrants());
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), org.admin->data("GET", "/api/connections/" + id).getString("status"));
	json::Value types = org.admin->data("GET", "/api/connection_types");
	CPPUNIT_ASSERT(types.dump().find("\"salesforce\"") != std::string::npos);

	// Tokens that expire in the middle of a run are replaced with the client credentials grant.
	const std::string warehouseId = org.warehouseConnection();
	const std::string sync = org.contactSync(org.peopleModel(300, warehouseId), id);
	org.salesforce.setTokenLifetime(std::chrono::seconds(2));
	org.salesforce.expireAccessTokens();
	org.salesforce.setLatency(std::chrono::milliseconds(100));
	org.salesforce.setThroughput(100);
	const json::Value done = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(org.salesforce.credentialGrants()), org.salesforce.credentialGrants() >= 3);
	CPPUNIT_ASSERT_EQUAL(std::size_t(297), org.salesforce.records("Contact").size());
	CPPUNIT_ASSERT_EQUAL(0, org.salesforce.refreshes());

	// The app's credentials refused (secret rotated, app removed): reconnect, not a stack of 401s.
	org.salesforce.setLatency(std::chrono::milliseconds(0));
	org.salesforce.refuseClientCredentials();
	org.warehouse.execute("UPDATE people SET first = 'Renamed' WHERE id <= 10");
	const json::Value failed = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	const std::string error = firstError(failed);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("must be signed in again") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("invalid_client") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("reconnect"), org.admin->data("GET", "/api/connections/" + id).getString("status"));
}


CppUnit::Test* SalesforceOAuthTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SalesforceOAuthTest");
	POLYTOMIC_ADD_TEST(suite, SalesforceOAuthTest, testWebServerFlow);
	POLYTOMIC_ADD_TEST(suite, SalesforceOAuthTest, testClientCredentialsFlow);
	return suite;
}
