//
// IdTokenVerifierTest.cpp
//


#include "IdTokenVerifierTest.h"
#include "auth/IdTokenVerifier.h"
#include "auth/SecretToken.h"
#include "auth/SignInRefused.h"
#include "fakes/FakeOidcProvider.h"
#include "support/TestDriver.h"
#include "Poco/JSON/Array.h"
#include <cppunit/TestAssert.h>
#include <functional>
#include <sstream>


using namespace polytomic::auth;
using polytomic::test::FakeOidcProvider;


namespace
{
	const std::time_t NOW = 1800000000;


	Poco::JSON::Object goodClaims(const std::string& issuer)
	{
		Poco::JSON::Object claims;
		claims.set("iss", issuer);
		claims.set("sub", "1234");
		claims.set("aud", "client-1");
		claims.set("iat", static_cast<Poco::Int64>(NOW - 5));
		claims.set("exp", static_cast<Poco::Int64>(NOW + 3600));
		claims.set("nonce", "n-0S6_WzA2Mj");
		claims.set("email", "Ann@Example.com");
		claims.set("email_verified", true);
		claims.set("hd", "example.com");
		return claims;
	}


	IdTokenExpectations expected(const std::string& issuer)
	{
		IdTokenExpectations e;
		e.issuers = {issuer};
		e.audience = "client-1";
		e.nonce = "n-0S6_WzA2Mj";
		return e;
	}


	std::string reasonOf(const std::function<void()>& verify)
	{
		try
		{
			verify();
		}
		catch (const SignInRefused& e)
		{
			return e.reason();
		}
		return "accepted";
	}
}


void IdTokenVerifierTest::testValidToken()
{
	FakeOidcProvider provider("client-1", "secret");
	const JsonWebKeySet keys = JsonWebKeySet::parse(provider.jwks());
	const std::string token = provider.idToken(goodClaims(provider.issuer()));
	IdTokenClaims claims = IdTokenVerifier::verify(token, keys.find(IdTokenVerifier::keyId(token)), expected(provider.issuer()), NOW);
	CPPUNIT_ASSERT_EQUAL(std::string("ann@example.com"), claims.email);
	CPPUNIT_ASSERT_EQUAL(std::string("1234"), claims.subject);
	CPPUNIT_ASSERT_EQUAL(std::string("example.com"), claims.hostedDomain);
	CPPUNIT_ASSERT_EQUAL(std::string("fake-key-0"), IdTokenVerifier::keyId(token));
}


void IdTokenVerifierTest::testEveryClaimIsChecked()
{
	FakeOidcProvider provider("client-1", "secret");
	const JsonWebKeySet keys = JsonWebKeySet::parse(provider.jwks());
	const auto reason = [&](const std::function<void(Poco::JSON::Object&)>& change, std::time_t now = NOW) {
		Poco::JSON::Object claims = goodClaims(provider.issuer());
		change(claims);
		const std::string token = provider.idToken(claims);
		return reasonOf([&] { IdTokenVerifier::verify(token, keys.find(IdTokenVerifier::keyId(token)), expected(provider.issuer()), now); });
	};
	CPPUNIT_ASSERT_EQUAL(std::string("accepted"), reason([](Poco::JSON::Object&) {}));
	CPPUNIT_ASSERT_EQUAL(std::string("wrong_issuer"), reason([](Poco::JSON::Object& c) { c.set("iss", "https://evil.example.com"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("wrong_audience"), reason([](Poco::JSON::Object& c) { c.set("aud", "client-2"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("wrong_audience"), reason([](Poco::JSON::Object& c) {
		Poco::JSON::Array audiences;
		audiences.add("client-1");
		audiences.add("client-2");
		c.set("aud", audiences);
		c.set("azp", "client-2");
	}));
	CPPUNIT_ASSERT_EQUAL(std::string("accepted"), reason([](Poco::JSON::Object& c) {
		Poco::JSON::Array audiences;
		audiences.add("client-2");
		audiences.add("client-1");
		c.set("aud", audiences);
		c.set("azp", "client-1");
	}));
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), reason([](Poco::JSON::Object& c) { c.set("exp", static_cast<Poco::Int64>(NOW - 61)); }));
	CPPUNIT_ASSERT_EQUAL(std::string("accepted"), reason([](Poco::JSON::Object& c) { c.set("exp", static_cast<Poco::Int64>(NOW - 30)); }));
	CPPUNIT_ASSERT_EQUAL(std::string("malformed"), reason([](Poco::JSON::Object& c) { c.remove("exp"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("issued_in_future"), reason([](Poco::JSON::Object& c) { c.set("iat", static_cast<Poco::Int64>(NOW + 300)); }));
	CPPUNIT_ASSERT_EQUAL(std::string("too_old"), reason([](Poco::JSON::Object& c) { c.set("iat", static_cast<Poco::Int64>(NOW - 3600)); }));
	CPPUNIT_ASSERT_EQUAL(std::string("malformed"), reason([](Poco::JSON::Object& c) { c.remove("iat"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("wrong_nonce"), reason([](Poco::JSON::Object& c) { c.set("nonce", "replayed"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("wrong_nonce"), reason([](Poco::JSON::Object& c) { c.remove("nonce"); }));

	// The email is the sign-in's to check (SignInTest), once UserInfo may have
	// completed the claims: a code-flow ID token need not carry it (Core §5.4).
	const auto claimsWith = [&](const std::function<void(Poco::JSON::Object&)>& change) {
		Poco::JSON::Object claims = goodClaims(provider.issuer());
		change(claims);
		const std::string token = provider.idToken(claims);
		return IdTokenVerifier::verify(token, keys.find(IdTokenVerifier::keyId(token)), expected(provider.issuer()), NOW);
	};
	CPPUNIT_ASSERT(claimsWith([](Poco::JSON::Object&) {}).emailVerified);
	CPPUNIT_ASSERT(!claimsWith([](Poco::JSON::Object& c) { c.set("email_verified", false); }).emailVerified);
	CPPUNIT_ASSERT(!claimsWith([](Poco::JSON::Object& c) { c.remove("email_verified"); }).emailVerified);
	CPPUNIT_ASSERT(claimsWith([](Poco::JSON::Object& c) { c.set("email_verified", "true"); }).emailVerified);
	CPPUNIT_ASSERT_EQUAL(std::string(""), claimsWith([](Poco::JSON::Object& c) { c.remove("email"); }).email);
}


void IdTokenVerifierTest::testSignatureAndAlgorithm()
{
	FakeOidcProvider provider("client-1", "secret");
	const JsonWebKeySet keys = JsonWebKeySet::parse(provider.jwks());
	const auto key = keys.find("fake-key-0");
	const IdTokenExpectations e = expected(provider.issuer());
	const std::string good = provider.idToken(goodClaims(provider.issuer()));

	// Signed by a key the provider does not publish.
	const std::string forged = provider.idToken(goodClaims(provider.issuer()), false);
	CPPUNIT_ASSERT_EQUAL(std::string("bad_signature"), reasonOf([&] { IdTokenVerifier::verify(forged, key, e, NOW); }));

	// The claims changed after signing.
	Poco::JSON::Object other = goodClaims(provider.issuer());
	other.set("email", "mallory@example.com");
	std::ostringstream payload;
	other.stringify(payload);
	const auto dot1 = good.find('.'), dot2 = good.rfind('.');
	const std::string tampered = good.substr(0, dot1 + 1) + base64Url(payload.str()) + good.substr(dot2);
	CPPUNIT_ASSERT_EQUAL(std::string("bad_signature"), reasonOf([&] { IdTokenVerifier::verify(tampered, key, e, NOW); }));

	// alg "none" and HS256 are refused before any key is looked at.
	const std::string none = base64Url("{\"alg\":\"none\",\"kid\":\"fake-key-0\"}") + good.substr(dot1, dot2 - dot1) + ".";
	CPPUNIT_ASSERT_EQUAL(std::string("malformed"), reasonOf([&] { IdTokenVerifier::keyId(none); }));
	const std::string hs = base64Url("{\"alg\":\"HS256\",\"kid\":\"fake-key-0\"}") + good.substr(dot1);
	CPPUNIT_ASSERT_EQUAL(std::string("malformed"), reasonOf([&] { IdTokenVerifier::verify(hs, key, e, NOW); }));
	CPPUNIT_ASSERT_EQUAL(std::string("malformed"), reasonOf([&] { IdTokenVerifier::keyId("only.two"); }));
	CPPUNIT_ASSERT_EQUAL(std::string("bad_signature"), reasonOf([&] { IdTokenVerifier::verify(good, nullptr, e, NOW); }));
}


void IdTokenVerifierTest::testKeySet()
{
	FakeOidcProvider provider("client-1", "secret");
	JsonWebKeySet keys = JsonWebKeySet::parse(provider.jwks());
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), keys.size());
	CPPUNIT_ASSERT(keys.find("fake-key-0"));
	CPPUNIT_ASSERT(!keys.find("fake-key-1"));
	provider.rotateKeys();
	keys = JsonWebKeySet::parse(provider.jwks());
	CPPUNIT_ASSERT(keys.find("fake-key-1"));
	CPPUNIT_ASSERT(!keys.find("fake-key-0"));
	// Other key types and uses are skipped; a document without keys is refused.
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), JsonWebKeySet::parse(R"({"keys": [{"kty": "EC", "kid": "e"}, {"kty": "RSA", "use": "enc", "kid": "x"}]})").size());
	CPPUNIT_ASSERT_THROW(JsonWebKeySet::parse("{}"), ProviderUnavailable);
	CPPUNIT_ASSERT_THROW(JsonWebKeySet::parse("not json"), ProviderUnavailable);
}


CppUnit::Test* IdTokenVerifierTest::suite()
{
	auto* suite = new CppUnit::TestSuite("IdTokenVerifierTest");
	POLYTOMIC_ADD_TEST(suite, IdTokenVerifierTest, testValidToken);
	POLYTOMIC_ADD_TEST(suite, IdTokenVerifierTest, testEveryClaimIsChecked);
	POLYTOMIC_ADD_TEST(suite, IdTokenVerifierTest, testSignatureAndAlgorithm);
	POLYTOMIC_ADD_TEST(suite, IdTokenVerifierTest, testKeySet);
	return suite;
}
