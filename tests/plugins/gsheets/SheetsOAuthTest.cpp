//
// SheetsOAuthTest.cpp
//
// Google's OAuth sign-in of a Google Sheets connection end to end through the
// REST API (a server process whose OAuth app is the Google fake's, the
// browser's steps played over real HTTP), and what a run does when its access
// token expires or its refresh token is revoked.
//


#include "SheetsOAuthTest.h"
#include "SheetsWorkbook.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using namespace polytomic::test;


void SheetsOAuthTest::testSignInThroughTheApi()
{
	SheetsAccount account("gsoauth");
	const SheetsSignIn s = account.signIn("Sheets");

	// Google's web-server flow: offline access (a refresh token), consent asked again, PKCE, the two scopes.
	const std::string authorize = s.started.getString("redirect_url");
	CPPUNIT_ASSERT_MESSAGE(authorize, authorize.rfind(account.google.url("/o/oauth2/v2/auth"), 0) == 0);
	const json::Value asked = account.google.lastAuthorize();
	CPPUNIT_ASSERT_EQUAL(std::string(SheetsAccount::CLIENT_ID), asked.getString("client_id"));
	CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(account.port) + "/connect/gsheets", asked.getString("redirect_uri"));
	CPPUNIT_ASSERT_EQUAL(std::string("offline"), asked.getString("access_type"));
	CPPUNIT_ASSERT_EQUAL(std::string("consent"), asked.getString("prompt"));
	CPPUNIT_ASSERT_EQUAL(std::string("code"), asked.getString("response_type"));
	CPPUNIT_ASSERT_EQUAL(std::string("S256"), asked.getString("code_challenge_method"));
	CPPUNIT_ASSERT_EQUAL(std::string("https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.metadata.readonly"),
		asked.getString("scope"));
	CPPUNIT_ASSERT(authorize.find(SheetsAccount::CLIENT_SECRET) == std::string::npos);

	CPPUNIT_ASSERT_EQUAL_MESSAGE(s.finished.body, 302, s.finished.status);
	const std::string back = SheetsAccount::location(s.finished);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(back, std::string("healthy"), SheetsAccount::queryValue(back, "status"));
	const std::string id = SheetsAccount::queryValue(back, "connection_id");
	const json::Value connection = account.admin->data("GET", "/api/connections/" + id);
	CPPUNIT_ASSERT_EQUAL(std::string("gsheets"), connection["type"].getString("id"));
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), connection.getString("status"));
	CPPUNIT_ASSERT(!connection["configuration"].has("access_token"));

	// Kept encrypted: neither token nor the app's secret is in any table in the clear.
	const auto secrets = account.google.issuedSecrets();
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), secrets.size());
	for (const auto& secret: secrets)
		CPPUNIT_ASSERT_EQUAL_MESSAGE(secret, std::string("0"), account.app.scalar("SELECT count(*) FROM connection_tokens t WHERE t::text LIKE '%" +
			secret + "%'"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), account.app.scalar("SELECT count(*) FROM connection_tokens WHERE connection_id = '" + id +
		"' AND tokens LIKE 'v1:%' AND expires_at > now()"));

	// The connector's check reached the spreadsheet with the access token.
	CPPUNIT_ASSERT(account.google.apiCalls() > 0);

	bool listed = false;
	const json::Value types = account.admin->data("GET", "/api/connection_types");
	for (const auto& type: types.items())
		if (type.getString("id") == "gsheets") listed = type.getBool("use_oauth", false);
	CPPUNIT_ASSERT(listed);

	// Discovery: the sheets of the spreadsheet, from Drive's listing without one.
	account.google.addSheet(account.spreadsheetId, "Contacts", {{"email", "age"}, {"a@example.com", 31}});
	const json::Value schemas = account.admin->data("GET", "/api/connections/" + id + "/modelsync/targetobjects");
	CPPUNIT_ASSERT_MESSAGE(schemas.dump(), schemas.dump().find("Contacts") != std::string::npos);
}


void SheetsOAuthTest::testRunOutlivesItsAccessToken()
{
	const int people = 1500;
	SheetsWorkbook book("gsrefresh", people);
	// Access tokens live 1 s and each call takes 250 ms: the run takes several lifetimes.
	book.google.setTokenLifetime(std::chrono::seconds(1));
	book.google.expireAccessTokens();
	book.google.setLatency(std::chrono::milliseconds(250));
	const int before = book.google.refreshes();
	const json::Value done = book.run(book.sync("updateOrCreate", "People"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT_MESSAGE(std::to_string(book.google.refreshes() - before), book.google.refreshes() - before >= 2);
	CPPUNIT_ASSERT(book.rows("People") == book.expected("email, name, score::float8::text"));
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), book.admin->data("GET", "/api/connections/" + book.sheetsId).getString("status"));
}


void SheetsOAuthTest::testRevokedRefreshTokenAsksForReconnect()
{
	SheetsWorkbook book("gsrevoke", 200);
	const std::string sync = book.sync("updateOrCreate", "People");
	book.google.revokeRefreshTokens();
	const json::Value failed = book.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.dump(), std::string("failed"), failed.getString("status"));
	const std::string error = failed["errors"].size() ? failed["errors"][0].asString() : failed.dump();
	CPPUNIT_ASSERT_MESSAGE(error, error.find("must be signed in again") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("invalid_grant") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("401") == std::string::npos);
	const json::Value connection = book.admin->data("GET", "/api/connections/" + book.sheetsId);
	CPPUNIT_ASSERT_EQUAL(std::string("reconnect"), connection.getString("status"));
	CPPUNIT_ASSERT(!book.google.hasSheet(book.spreadsheetId, "People"));

	// Signing the same connection in again ends the reconnect state, and the sync runs.
	const SheetsSignIn again = book.signIn("Sheets", book.sheetsId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.finished.body, 302, again.finished.status);
	CPPUNIT_ASSERT_EQUAL(std::string("healthy"), book.admin->data("GET", "/api/connections/" + book.sheetsId).getString("status"));
	const json::Value done = book.run(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.dump(), std::string("completed"), done.getString("status"));
	CPPUNIT_ASSERT(book.rows("People") == book.expected("email, name, score::float8::text"));
}


CppUnit::Test* SheetsOAuthTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SheetsOAuthTest");
	POLYTOMIC_ADD_TEST(suite, SheetsOAuthTest, testSignInThroughTheApi);
	POLYTOMIC_ADD_TEST(suite, SheetsOAuthTest, testRunOutlivesItsAccessToken);
	POLYTOMIC_ADD_TEST(suite, SheetsOAuthTest, testRevokedRefreshTokenAsksForReconnect);
	return suite;
}
