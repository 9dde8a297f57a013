//
// SignInTest.cpp
//
// Sign-in end to end: the real server, a fake OpenID Connect provider, and a
// test browser that carries the cookies from hop to hop.
//


#include "SignInTest.h"
#include "fakes/FakeOidcProvider.h"
#include "support/Browser.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "support/TestDriver.h"
#include "polytomic/json.hpp"
#include "Poco/Base64Encoder.h"
#include <cppunit/TestAssert.h>
#include <sstream>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	const std::string CLIENT_ID = "polytomic-test.apps.example.com";
	const std::string CLIENT_SECRET = "client-secret-for-tests";


	struct Site
		/// A server whose Google sign-in is the fake provider.
	{
		Site(TestDatabase& db, FakeOidcProvider& provider, std::map<std::string, std::string> extra = {}):
			port(TestEnvironment::freePort()),
			base("http://127.0.0.1:" + std::to_string(port))
		{
			auto env = evaluationEnvironment(db.url(), port);
			env["POLYTOMIC_URL"] = base;
			env["AUTH_METHODS"] = "google,link";
			env["GOOGLE_CLIENT_ID"] = CLIENT_ID;
			env["GOOGLE_CLIENT_SECRET"] = CLIENT_SECRET;
			env["GOOGLE_ISSUER"] = provider.issuer();
			for (const auto& [name, value]: extra) env[name] = value;
			environment = env;
			server = startServer(env);
		}

		HttpReply signIn(Browser& browser, const std::string& method = "google")
			/// The whole dance; returns the server's answer to the provider's redirect.
		{
			HttpReply start = browser.get(base + "/auth/login/" + method);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(start.body, 302, start.status);
			HttpReply atProvider = browser.follow(start);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(atProvider.body, 302, atProvider.status);
			CPPUNIT_ASSERT_EQUAL(0u, static_cast<unsigned>(atProvider.headers.at("Location").rfind(base + "/auth?", 0)));
			return browser.follow(atProvider);
		}

		HttpReply api(Browser& browser, const std::string& method, const std::string& path, const std::string& body = "",
			std::map<std::string, std::string> headers = {})
		{
			headers["Content-Type"] = "application/json";
			return method == "GET" ? browser.get(base + path, headers) : browser.post(base + path, body, headers);
		}

		std::string session(const Browser& browser) const
		{
			return browser.cookie("127.0.0.1:" + std::to_string(port), "polytomic_session");
		}

		unsigned port;
		std::string base;
		std::map<std::string, std::string> environment;
		std::unique_ptr<ChildProcess> server;
	};


	json::Value data(const HttpReply& reply)
	{
		return json::Value::parse(reply.body)["data"];
	}


	void assertRefusalPage(const HttpReply& reply, const std::string& says)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 403, reply.status);
		CPPUNIT_ASSERT(reply.headers.at("Content-Type").find("text/html") == 0);
		CPPUNIT_ASSERT_MESSAGE(reply.body, reply.body.find("Sign-in refused") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(reply.body + " lacks " + says, reply.body.find(says) != std::string::npos);
		CPPUNIT_ASSERT(reply.body.find("xception") == std::string::npos);
		CPPUNIT_ASSERT(reply.body.find(".cpp") == std::string::npos);
	}
}


void SignInTest::testGoogleSignIn()
{
	TestDatabase db("signin");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	provider.setClaimsInIdToken(true);  // as Google does
	Site site(db, provider);
	provider.signInAs("Root@Example.com");
	Browser browser;

	CPPUNIT_ASSERT_EQUAL(401, site.api(browser, "GET", "/api/me").status);
	HttpReply page = browser.get(site.base + "/auth/login");
	CPPUNIT_ASSERT_EQUAL(200, page.status);
	CPPUNIT_ASSERT(page.body.find("/auth/login/google") != std::string::npos);

	HttpReply done = site.signIn(browser);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.body, 302, done.status);
	CPPUNIT_ASSERT_EQUAL(site.base + "/", done.headers.at("Location"));
	CPPUNIT_ASSERT_EQUAL(0, provider.userInfoRequests());  // the ID token said it all

	// The request the provider saw: code flow, PKCE S256, state, nonce, our redirect URL.
	const std::string query = provider.lastAuthorizeQuery();
	for (const std::string& part: std::vector<std::string>{"response_type=code", "code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
		"scope=openid%20email%20profile", "client_id=" + CLIENT_ID, "redirect_uri=http%3A%2F%2F127.0.0.1%3A" + std::to_string(site.port) + "%2Fauth"})
	{
		CPPUNIT_ASSERT_MESSAGE(query + " lacks " + part, query.find(part) != std::string::npos);
	}

	// The session cookie: HttpOnly, SameSite=Lax, not Secure on http://.
	std::string sessionCookie;
	for (const auto& line: browser.lastSetCookies()) if (line.rfind("polytomic_session=", 0) == 0) sessionCookie = line;
	CPPUNIT_ASSERT_MESSAGE(sessionCookie, sessionCookie.find("HttpOnly") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(sessionCookie, sessionCookie.find("SameSite=Lax") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(sessionCookie, sessionCookie.find("Secure") == std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(sessionCookie, sessionCookie.find("path=/") != std::string::npos || sessionCookie.find("Path=/") != std::string::npos);

	json::Value me = data(site.api(browser, "GET", "/api/me"));
	CPPUNIT_ASSERT(me["is_user"].asBool());
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), me.getString("email"));
	CPPUNIT_ASSERT_EQUAL(std::string("admin"), me.getString("role"));
	CPPUNIT_ASSERT(!me.getString("csrf_token").empty());

	// Stored as a hash only; the sign-in is in the audit log.
	const std::string sessionId = site.session(browser);
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM sessions WHERE id_hash = encode(sha256(convert_to('" + sessionId +
		"', 'UTF8')), 'hex') AND method = 'google'"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM sessions s WHERE s::text LIKE '%" + sessionId + "%'"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in' AND actor_email = 'root@example.com'"));

	// Signing in again gives a new session id, and the old one ends.
	HttpReply again = site.signIn(browser);
	CPPUNIT_ASSERT_EQUAL(302, again.status);
	CPPUNIT_ASSERT(site.session(browser) != sessionId);
	Browser stale;
	stale.setCookie("127.0.0.1:" + std::to_string(site.port), "polytomic_session", sessionId);
	CPPUNIT_ASSERT_EQUAL(401, site.api(stale, "GET", "/api/me").status);
	CPPUNIT_ASSERT_EQUAL(200, site.api(browser, "GET", "/api/me").status);

	// The state (and the code with it) works once, even with the state cookie put back.
	HttpReply atProvider = browser.follow(browser.get(site.base + "/auth/login/google"));
	const std::string origin = "127.0.0.1:" + std::to_string(site.port);
	const std::string state = browser.cookie(origin, "polytomic_signin");
	CPPUNIT_ASSERT_EQUAL(302, browser.follow(atProvider).status);
	browser.setCookie(origin, "polytomic_signin", state);
	assertRefusalPage(browser.follow(atProvider), "already completed");
}


void SignInTest::testRefusedSignIns()
{
	TestDatabase db("signinno");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	Site site(db, provider, {{"ALLOWED_DOMAINS", "example.com"}});
	using M = FakeOidcProvider::Mischief;
	const auto with = [](std::function<void(M&)> change) {
		M m;
		m.hostedDomain = "example.com";
		change(m);
		return m;
	};
	struct Case
	{
		std::string email;
		M mischief;
		std::string reason;
		std::string says;
	};
	const std::vector<Case> cases = {
		{"root@example.com", with([](M& m) { m.wrongAudience = true; }), "wrong_audience", "issued to another application"},
		{"root@example.com", with([](M& m) { m.expired = true; }), "expired", "expired"},
		{"root@example.com", with([](M& m) { m.badSignature = true; }), "bad_signature", "signature"},
		{"root@example.com", with([](M& m) { m.unpublishedKey = true; }), "bad_signature", "signature"},
		{"root@example.com", with([](M& m) { m.wrongNonce = true; }), "wrong_nonce", "another sign-in"},
		{"root@example.com", with([](M& m) { m.wrongIssuer = true; }), "wrong_issuer", "another issuer"},
		{"root@example.com", with([](M& m) { m.unverifiedEmail = true; }), "unverified_email", "not verified"},
		{"stranger@example.com", with([](M&) {}), "unknown_user", "stranger@example.com is not a user of this Polytomic"},
		{"root@example.com", with([](M& m) { m.hostedDomain = "other.com"; }), "wrong_domain", "limited to accounts of example.com"},
	};
	std::map<std::string, int> refusals;
	for (const auto& c: cases)
	{
		provider.signInAs(c.email, c.mischief);
		++refusals[c.reason];
		Browser browser;
		HttpReply refused = site.signIn(browser);
		assertRefusalPage(refused, c.says);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(c.reason, std::string(""), site.session(browser));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(c.reason, std::to_string(refusals[c.reason]),
			db.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND detail = 'google: " + c.reason + "'"));
	}
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM sessions"));

	// An answer for a sign-in this browser did not start.
	provider.signInAs("root@example.com", with([](M&) {}));
	Browser first, second;
	HttpReply atProvider = first.follow(first.get(site.base + "/auth/login/google"));
	assertRefusalPage(second.get(atProvider.headers.at("Location")), "another browser");

	// Ten failures from one address: the next attempt waits, even a good one.
	Browser late;
	HttpReply limited = late.get(site.base + "/auth?state=x&code=y");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(limited.body, 429, limited.status);
	CPPUNIT_ASSERT(limited.headers.count("Retry-After"));
}


namespace
{
	std::string deploymentKey(TestDatabase& db, const std::string& key)
		/// The Authorization header of the deployment key (or of a wrong guess at it).
	{
		std::ostringstream encoded;
		Poco::Base64Encoder encoder(encoded);
		encoder.rdbuf()->setLineLength(0);
		encoder << db.scalar("SELECT id FROM organizations") << ":" << key;
		encoder.close();
		return "Basic " + encoded.str();
	}
}


void SignInTest::testSignInsAndTheDeploymentKeyHaveSeparateBudgets()
{
	// Before, both counted against one budget per address: ten refused sign-ins locked the address
	// out of the deployment key (an integration behind the same proxy), and the other way round.
	const std::string KEY = "deployment-key-0123456789abcdef";
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	{
		TestDatabase db("signinbudget");
		Site site(db, provider, {{"DEPLOYMENT_API_KEY", KEY}});
		for (int i = 0; i < 10; ++i)
		{
			Browser stranger;
			CPPUNIT_ASSERT_EQUAL(403, stranger.get(site.base + "/auth?state=x&code=y").status);
		}
		Browser late;
		CPPUNIT_ASSERT_EQUAL(429, late.get(site.base + "/auth?state=x&code=y").status);
		HttpReply me = late.get(site.base + "/api/me", {{"Authorization", deploymentKey(db, KEY)}});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(me.body, 200, me.status);
	}
	{
		TestDatabase db("keybudget");
		Site site(db, provider, {{"DEPLOYMENT_API_KEY", KEY}});
		Browser client;
		for (int i = 0; i < 10; ++i)
			CPPUNIT_ASSERT_EQUAL(401, client.get(site.base + "/api/me", {{"Authorization", deploymentKey(db, "a wrong guess")}}).status);
		CPPUNIT_ASSERT_EQUAL(429, client.get(site.base + "/api/me", {{"Authorization", deploymentKey(db, KEY)}}).status);
		provider.signInAs("root@example.com");
		Browser browser;
		CPPUNIT_ASSERT_EQUAL(302, site.signIn(browser).status);
	}
}


void SignInTest::testKeyRotation()
{
	TestDatabase db("signinrot");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	Site site(db, provider);
	provider.signInAs("root@example.com");
	Browser browser;
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(browser).status);
	CPPUNIT_ASSERT_EQUAL(1, provider.jwksFetches());
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(browser).status);
	CPPUNIT_ASSERT_EQUAL(1, provider.jwksFetches());  // cached

	provider.rotateKeys();
	HttpReply afterRotation = site.signIn(browser);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(afterRotation.body, 302, afterRotation.status);
	CPPUNIT_ASSERT_EQUAL(2, provider.jwksFetches());  // the unknown kid made it look again
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), data(site.api(browser, "GET", "/api/me")).getString("email"));
}


void SignInTest::testOtherProvider()
{
	TestDatabase db("signinoidc");
	FakeOidcProvider provider("keycloak-client", "keycloak-secret");
	Site site(db, provider, {{"AUTH_METHODS", "oidc"}, {"GOOGLE_CLIENT_ID", ""}, {"GOOGLE_CLIENT_SECRET", ""}, {"GOOGLE_ISSUER", ""},
		{"OIDC_ISSUER", provider.issuer()}, {"OIDC_CLIENT_ID", "keycloak-client"}, {"OIDC_CLIENT_SECRET", "keycloak-secret"},
		{"ALLOWED_DOMAINS", "example.com"}});
	provider.signInAs("root@example.com");
	Browser browser;
	CPPUNIT_ASSERT_EQUAL(404, browser.get(site.base + "/auth/login/google").status);
	HttpReply done = site.signIn(browser, "oidc");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.body, 302, done.status);
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), data(site.api(browser, "GET", "/api/me")).getString("email"));

	// Without Google's hd, the domain is the email's.
	db.execute("INSERT INTO users (organization_id, email, role) SELECT id, 'ann@elsewhere.com', 'viewer' FROM organizations");
	provider.signInAs("ann@elsewhere.com");
	Browser other;
	assertRefusalPage(site.signIn(other, "oidc"), "limited to accounts of example.com");
}


void SignInTest::testClaimsFromUserInfo()
{
	// A provider that, as Core §5.4 allows with the code flow, gives the email
	// from its UserInfo endpoint only (the fake's default, as oidc-provider's).
	TestDatabase db("signinuserinfo");
	FakeOidcProvider provider("oidc-client", "oidc-secret");
	Site site(db, provider, {{"AUTH_METHODS", "oidc"}, {"GOOGLE_CLIENT_ID", ""}, {"GOOGLE_CLIENT_SECRET", ""}, {"GOOGLE_ISSUER", ""},
		{"OIDC_ISSUER", provider.issuer()}, {"OIDC_CLIENT_ID", "oidc-client"}, {"OIDC_CLIENT_SECRET", "oidc-secret"}});
	provider.signInAs("Root@Example.com");
	Browser browser;
	HttpReply done = site.signIn(browser, "oidc");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(done.body, 302, done.status);
	CPPUNIT_ASSERT_EQUAL(1, provider.userInfoRequests());  // with the access token it issued
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), data(site.api(browser, "GET", "/api/me")).getString("email"));

	// UserInfo about someone else than the ID token (Core §5.3.2): not used, the sign-in refused.
	FakeOidcProvider::Mischief other;
	other.userInfoOfAnotherUser = true;
	provider.signInAs("root@example.com", other);
	Browser second;
	assertRefusalPage(site.signIn(second, "oidc"), "describes another user");
	CPPUNIT_ASSERT_EQUAL(std::string(""), site.session(second));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND detail = 'oidc: wrong_subject'"));

	// An email UserInfo does not call verified is refused, as in an ID token.
	FakeOidcProvider::Mischief unverified;
	unverified.unverifiedEmail = true;
	provider.signInAs("root@example.com", unverified);
	Browser third;
	assertRefusalPage(site.signIn(third, "oidc"), "not verified");

	// The same provider putting the claims in the ID token too: no UserInfo round trip.
	provider.setClaimsInIdToken(true);
	provider.signInAs("root@example.com");
	const int before = provider.userInfoRequests();
	Browser fourth;
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(fourth, "oidc").status);
	CPPUNIT_ASSERT_EQUAL(before, provider.userInfoRequests());
}


void SignInTest::testCsrfAndLogout()
{
	TestDatabase db("signincsrf");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	Site site(db, provider);
	provider.signInAs("root@example.com");
	Browser browser;
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(browser).status);
	const std::string csrf = data(site.api(browser, "GET", "/api/me")).getString("csrf_token");
	const std::string body = R"({"email": "ann@example.com", "role": "member"})";

	HttpReply without = site.api(browser, "POST", "/api/organization/users", body);
	CPPUNIT_ASSERT_EQUAL(403, without.status);
	CPPUNIT_ASSERT_EQUAL(std::string("csrf_failed"), json::Value::parse(without.body).getString("key"));
	CPPUNIT_ASSERT_EQUAL(403, site.api(browser, "POST", "/api/organization/users", body, {{"X-CSRF-Token", csrf + "x"}}).status);
	CPPUNIT_ASSERT_EQUAL(403, site.api(browser, "POST", "/api/organization/users", body,
		{{"X-CSRF-Token", csrf}, {"Origin", "https://evil.example.com"}}).status);
	// A browser that leaves Origin out still names the page it came from.
	HttpReply referred = site.api(browser, "POST", "/api/organization/users", body,
		{{"X-CSRF-Token", csrf}, {"Referer", "https://evil.example.com/page?x=1"}});
	CPPUNIT_ASSERT_EQUAL(403, referred.status);
	CPPUNIT_ASSERT(referred.body.find("another site (https://evil.example.com)") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM users WHERE email = 'ann@example.com'"));
	HttpReply with = site.api(browser, "POST", "/api/organization/users", body,
		{{"X-CSRF-Token", csrf}, {"Referer", site.base + "/users"}});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(with.body, 200, with.status);
	CPPUNIT_ASSERT_EQUAL(std::string("4"), db.scalar("SELECT count(*) FROM audit_log WHERE action = 'user.create' AND status = 403"));

	// Logging out needs the token too; then the session is gone.
	CPPUNIT_ASSERT_EQUAL(403, browser.post(site.base + "/auth/logout", "").status);
	CPPUNIT_ASSERT_EQUAL(200, site.api(browser, "GET", "/api/me").status);
	const std::string sessionId = site.session(browser);
	HttpReply out = browser.post(site.base + "/auth/logout", "", {{"X-CSRF-Token", csrf}});
	CPPUNIT_ASSERT_EQUAL(204, out.status);
	CPPUNIT_ASSERT_EQUAL(std::string(""), site.session(browser));
	Browser replay;
	replay.setCookie("127.0.0.1:" + std::to_string(site.port), "polytomic_session", sessionId);
	CPPUNIT_ASSERT_EQUAL(401, site.api(replay, "GET", "/api/me").status);
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM sessions"));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM audit_log WHERE action = 'auth.sign_out'"));
}


void SignInTest::testSessionExpiry()
{
	TestDatabase db("signinexp");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	Site site(db, provider, {{"SESSION_IDLE_TIMEOUT", "600"}, {"SESSION_LIFETIME", "3600"}});
	provider.signInAs("root@example.com");
	Browser idle, old;
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(idle).status);
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(old).status);
	CPPUNIT_ASSERT_EQUAL(std::string("2"), db.scalar("SELECT count(*) FROM sessions WHERE expires_at BETWEEN now() + interval '3590 seconds' "
		"AND now() + interval '3610 seconds'"));

	// Idle for longer than SESSION_IDLE_TIMEOUT: gone.
	db.execute("UPDATE sessions SET last_seen_at = now() - interval '11 minutes' WHERE id_hash = encode(sha256(convert_to('" +
		site.session(idle) + "', 'UTF8')), 'hex')");
	CPPUNIT_ASSERT_EQUAL(401, site.api(idle, "GET", "/api/me").status);
	// Active, but past SESSION_LIFETIME: gone too.
	CPPUNIT_ASSERT_EQUAL(200, site.api(old, "GET", "/api/me").status);
	db.execute("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = encode(sha256(convert_to('" +
		site.session(old) + "', 'UTF8')), 'hex')");
	CPPUNIT_ASSERT_EQUAL(401, site.api(old, "GET", "/api/me").status);

	// A page left open with an ended session does not lock its address out.
	for (int i = 0; i < 12; ++i) CPPUNIT_ASSERT_EQUAL(401, site.api(old, "GET", "/api/me").status);
	Browser fresh;
	CPPUNIT_ASSERT_EQUAL(302, site.signIn(fresh).status);
}


void SignInTest::testLoginLinks()
{
	TestDatabase db("signinlink");
	FakeOidcProvider provider(CLIENT_ID, CLIENT_SECRET);
	Site site(db, provider);
	const auto link = [&](const std::string& email, int& code) {
		std::string output = runCommand({"login-link", email}, site.environment, code);
		const auto start = output.find(site.base + "/auth/link?token=");
		return start == std::string::npos ? output : output.substr(start, output.find('\n', start) - start);
	};

	int code = -1;
	const std::string url = link("root@example.com", code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(url, 0, code);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(url, 0u, static_cast<unsigned>(url.rfind(site.base + "/auth/link?token=", 0)));
	CPPUNIT_ASSERT_EQUAL(std::string("1"), db.scalar("SELECT count(*) FROM sign_in_links WHERE expires_at BETWEEN now() + interval '14 minutes' "
		"AND now() + interval '15 minutes'"));
	CPPUNIT_ASSERT_EQUAL(std::string("0"), db.scalar("SELECT count(*) FROM sign_in_links l WHERE l::text LIKE '%" +
		url.substr(url.find("token=") + 6) + "%'"));

	Browser browser;
	HttpReply used = browser.get(url);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(used.body, 302, used.status);
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), data(site.api(browser, "GET", "/api/me")).getString("email"));
	CPPUNIT_ASSERT_EQUAL(std::string("link"), db.scalar("SELECT method FROM sessions"));

	// Once only.
	Browser again;
	assertRefusalPage(again.get(url), "already used");

	// Not after 15 minutes.
	const std::string late = link("root@example.com", code);
	db.execute("UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
	assertRefusalPage(again.get(late), "expired");

	// Only for users who exist.
	const std::string nobody = link("nobody@example.com", code);
	CPPUNIT_ASSERT(code != 0);
	CPPUNIT_ASSERT_MESSAGE(nobody, nobody.find("no user nobody@example.com") != std::string::npos);
}


void SignInTest::testEvaluationLink()
{
	TestDatabase db("signineval");
	const unsigned port = TestEnvironment::freePort();
	auto server = startServer(evaluationEnvironment(db.url(), port));
	const std::string log = server->output();
	const std::string prefix = "http://localhost:" + std::to_string(port) + "/auth/link?token=";
	const auto start = log.find(prefix);
	CPPUNIT_ASSERT_MESSAGE(log, start != std::string::npos);
	CPPUNIT_ASSERT(log.find("sign in as root@example.com") != std::string::npos);
	std::string url = log.substr(start, log.find_first_of(" \n", start) - start);
	url.replace(0, std::string("http://localhost").size(), "http://127.0.0.1");
	Browser browser;
	HttpReply used = browser.get(url);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(used.body, 302, used.status);
	HttpReply me = browser.get("http://127.0.0.1:" + std::to_string(port) + "/api/me");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(me.body, 200, me.status);
	CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), data(me).getString("email"));
	CPPUNIT_ASSERT_EQUAL(404, browser.get("http://127.0.0.1:" + std::to_string(port) + "/auth/login/google").status);
}


void SignInTest::testProviderUnreachable()
{
	TestDatabase db("signindown");
	std::string issuer;
	{
		FakeOidcProvider gone(CLIENT_ID, CLIENT_SECRET);
		issuer = gone.issuer();
	}
	const unsigned port = TestEnvironment::freePort();
	auto env = evaluationEnvironment(db.url(), port);
	env["GOOGLE_CLIENT_ID"] = CLIENT_ID;
	env["GOOGLE_CLIENT_SECRET"] = CLIENT_SECRET;
	env["GOOGLE_ISSUER"] = issuer;
	auto server = startServer(env);
	Browser browser;
	HttpReply page = browser.get("http://127.0.0.1:" + std::to_string(port) + "/auth/login/google");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 502, page.status);
	CPPUNIT_ASSERT(page.body.find("cannot be reached") != std::string::npos);
	CPPUNIT_ASSERT(page.body.find(CLIENT_SECRET) == std::string::npos);
}


CppUnit::Test* SignInTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SignInTest");
	POLYTOMIC_ADD_TEST(suite, SignInTest, testGoogleSignIn);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testRefusedSignIns);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testSignInsAndTheDeploymentKeyHaveSeparateBudgets);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testKeyRotation);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testOtherProvider);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testClaimsFromUserInfo);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testCsrfAndLogout);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testSessionExpiry);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testLoginLinks);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testEvaluationLink);
	POLYTOMIC_ADD_TEST(suite, SignInTest, testProviderUnreachable);
	return suite;
}
