//
// LicenseVerifierTest.cpp
//


#include "LicenseVerifierTest.h"
#include "license/LicenseError.h"
#include "license/LicenseToken.h"
#include "license/LicenseVerifier.h"
#include "license/VendorPublicKey.h"
#include "support/TestDriver.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/DateTime.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/Timespan.h"
#include <cppunit/TestAssert.h>
#include <sstream>
#include <stdexcept>


using namespace polytomic::license;


namespace
{
	const std::string DEPLOYMENT = "acme-prod";


	// The clock of every test: 2025-03-01 12:00:00 UTC.
	const Poco::Timestamp NOW = Poco::DateTime(2025, 3, 1, 12, 0, 0).timestamp();


	Poco::Timespan days(int n)
	{
		return Poco::Timespan(n, 0, 0, 0, 0);
	}


	License sample()
	{
		License license;
		license.deploymentId = DEPLOYMENT;
		license.customer = "Acme Corp";
		license.issuedAt = NOW - days(10);
		license.expiresAt = License::endOfDay("2025-12-31");
		license.id = "4f1c2a7e-0000-4000-8000-000000000001";
		return license;
	}


	std::string base64Url(const std::string& bytes)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		encoder << bytes;
		encoder.close();
		return out.str();
	}


	std::vector<std::string> split(const std::string& token)
	{
		std::vector<std::string> parts(1);
		for (char c: token)
		{
			if (c == '.') parts.emplace_back();
			else parts.back().push_back(c);
		}
		return parts;
	}


	Poco::JSON::Object::Ptr sampleClaims()
	{
		Poco::JSON::Object::Ptr claims = new Poco::JSON::Object;
		claims->set("iss", "polytomic-license");
		claims->set("sub", DEPLOYMENT);
		claims->set("customer", "Acme Corp");
		claims->set("iat", static_cast<Poco::Int64>((NOW - days(1)).epochTime()));
		claims->set("exp", static_cast<Poco::Int64>((NOW + days(30)).epochTime()));
		claims->set("jti", "id-1");
		return claims;
	}


	std::string signClaims(const std::string& privateKeyPem, const Poco::JSON::Object::Ptr& claims)
		/// Any claims, signed with ES256 by privateKeyPem: what LicenseIssuer would refuse to make.
	{
		std::istringstream stream(privateKeyPem);
		Poco::SharedPtr<Poco::Crypto::ECKey> key = new Poco::Crypto::ECKey(static_cast<std::istream*>(nullptr), &stream);
		Poco::JWT::Token token;
		token.setType("JWT");
		for (const auto& name: claims->getNames()) token.payload().set(name, claims->get(name));
		Poco::JWT::Signer signer(key);
		signer.addAlgorithm(Poco::JWT::Signer::ALGO_ES256);
		return signer.sign(token, Poco::JWT::Signer::ALGO_ES256);
	}


	LicenseError errorOf(const LicenseVerifier& verifier, const std::string& token, const std::string& deployment = DEPLOYMENT,
		Poco::Timestamp now = NOW)
	{
		try
		{
			verifier.verify(token, deployment, now);
		}
		catch (const LicenseError& e)
		{
			return e;
		}
		CPPUNIT_FAIL("verify() accepted " + token);
		throw std::logic_error("unreachable");
	}


	bool contains(const std::string& text, const std::string& part)
	{
		return text.find(part) != std::string::npos;
	}


	void assertReason(LicenseError::Reason expected, const LicenseError& error)
	{
		CPPUNIT_ASSERT_EQUAL_MESSAGE(error.what(), LicenseError::reasonName(expected), LicenseError::reasonName(error.reason()));
	}
}


void LicenseVerifierTest::setUp()
{
	_keys = LicenseIssuer::generateKeyPair();
}


void LicenseVerifierTest::testValid()
{
	License original = sample();
	original.maxSyncs = 25;
	original.connectors = std::vector<std::string>{"postgresql", "salesforce"};
	const std::string token = LicenseIssuer(_keys.privateKey).issue(original);

	const std::vector<std::string> parts = split(token);
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), parts.size());
	const LicenseToken decoded = LicenseToken::parse(token);
	CPPUNIT_ASSERT_EQUAL(std::string("ES256"), decoded.algorithm());
	CPPUNIT_ASSERT_EQUAL(std::string("JWT"), decoded.header()->getValue<std::string>("typ"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(64), decoded.signature().size());
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic-license"), decoded.issuer());

	const License license = LicenseVerifier(_keys.publicKey).verify(token, DEPLOYMENT, NOW);
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, license.deploymentId);
	CPPUNIT_ASSERT_EQUAL(std::string("Acme Corp"), license.customer);
	CPPUNIT_ASSERT_EQUAL(original.issuedAt.epochTime(), license.issuedAt.epochTime());
	CPPUNIT_ASSERT(license.expiresAt == License::endOfDay("2025-12-31"));
	CPPUNIT_ASSERT_EQUAL(original.id, license.id);
	CPPUNIT_ASSERT(license.maxSyncs && *license.maxSyncs == 25);
	CPPUNIT_ASSERT(license.connectors && *license.connectors == *original.connectors);
	CPPUNIT_ASSERT(license.statusAt(NOW).valid());

	// No id given: a random one.
	License anonymous = sample();
	anonymous.id.clear();
	const LicenseIssuer issuer(_keys.privateKey);
	const License first = LicenseVerifier(_keys.publicKey).verify(issuer.issue(anonymous), DEPLOYMENT, NOW);
	const License second = LicenseVerifier(_keys.publicKey).verify(issuer.issue(anonymous), DEPLOYMENT, NOW);
	CPPUNIT_ASSERT_EQUAL(std::size_t(36), first.id.size());
	CPPUNIT_ASSERT(first.id != second.id);
}


void LicenseVerifierTest::testSurroundingWhitespaceIgnored()
{
	const std::string token = LicenseIssuer(_keys.privateKey).issue(sample());
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, LicenseVerifier(_keys.publicKey).verify("  " + token + "\n", DEPLOYMENT, NOW).deploymentId);
}


void LicenseVerifierTest::testForged()
{
	const LicenseVerifier verifier(_keys.publicKey);
	License original = sample();
	original.maxSyncs = 5;
	const std::vector<std::string> parts = split(LicenseIssuer(_keys.privateKey).issue(original));

	// The claims changed after signing: unlimited syncs, another deployment.
	Poco::JSON::Object::Ptr claims = LicenseToken::parse(parts[0] + "." + parts[1] + "." + parts[2]).claims();
	claims->remove("max_syncs");
	std::ostringstream json;
	claims->stringify(json);
	const LicenseError unlimited = errorOf(verifier, parts[0] + "." + base64Url(json.str()) + "." + parts[2]);
	assertReason(LicenseError::BAD_SIGNATURE, unlimited);
	CPPUNIT_ASSERT(contains(unlimited.what(), "not signed by Polytomic"));
	CPPUNIT_ASSERT(contains(unlimited.what(), "ask Polytomic for a new key"));

	claims->set("sub", "someone-else");
	std::ostringstream other;
	claims->stringify(other);
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, parts[0] + "." + base64Url(other.str()) + "." + parts[2], "someone-else"));

	// The signature changed: one character, truncated, doubled.
	std::string flipped = parts[2];
	flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, parts[0] + "." + parts[1] + "." + flipped));
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, parts[0] + "." + parts[1] + "." + parts[2].substr(0, 40)));
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, parts[0] + "." + parts[1] + "." + parts[2] + parts[2]));
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, parts[0] + "." + parts[1] + "."));
}


void LicenseVerifierTest::testSignedWithAnotherKey()
{
	const LicenseIssuer::KeyPair other = LicenseIssuer::generateKeyPair();
	const std::string token = LicenseIssuer(other.privateKey).issue(sample());
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, LicenseVerifier(other.publicKey).verify(token, DEPLOYMENT, NOW).deploymentId);
	const LicenseError error = errorOf(LicenseVerifier(_keys.publicKey), token);
	assertReason(LicenseError::BAD_SIGNATURE, error);
	CPPUNIT_ASSERT(contains(error.what(), "not signed by Polytomic"));
	CPPUNIT_ASSERT(contains(error.what(), "issued by someone else"));
}


void LicenseVerifierTest::testNotSignedWithES256()
{
	const LicenseVerifier verifier(_keys.publicKey);
	const std::string claims = base64Url("{\"iss\":\"polytomic-license\",\"sub\":\"acme-prod\",\"customer\":\"Acme\","
		"\"iat\":1700000000,\"exp\":1900000000,\"jti\":\"x\"}");

	// Unsecured ("alg":"none"): no signature at all.
	const LicenseError none = errorOf(verifier, base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".");
	assertReason(LicenseError::BAD_SIGNATURE, none);
	CPPUNIT_ASSERT(contains(none.what(), "\"none\""));

	// HS256 with the public key as the HMAC secret: the classic confusion.
	Poco::JWT::Token token;
	token.setType("JWT");
	token.payload().set("iss", "polytomic-license");
	token.payload().set("sub", DEPLOYMENT);
	Poco::JWT::Signer hmac(_keys.publicKey);
	const LicenseError hs256 = errorOf(verifier, hmac.sign(token, Poco::JWT::Signer::ALGO_HS256));
	assertReason(LicenseError::BAD_SIGNATURE, hs256);
	CPPUNIT_ASSERT(contains(hs256.what(), "ES256"));

	// No alg at all.
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(verifier, base64Url("{\"typ\":\"JWT\"}") + "." + claims + ".AAAA"));
}


void LicenseVerifierTest::testMalformed()
{
	const LicenseVerifier verifier(_keys.publicKey);
	const std::vector<std::string> parts = split(LicenseIssuer(_keys.privateKey).issue(sample()));
	const std::string header = parts[0];
	const std::vector<std::pair<std::string, std::string>> cases = {
		{"", "it is empty"},
		{"   \n", "it is empty"},
		{"garbage", "it has 1 part"},
		{"not a deployment key at all", "it has 1 part"},
		{header + "." + parts[1], "it has 2 parts"},
		{header + "." + parts[1] + "." + parts[2] + ".extra", "it has 4 parts"},
		{"." + parts[1] + "." + parts[2], "header (part 1) is empty"},
		{header + ".." + parts[2], "claims (part 2) is empty"},
		{header + "." + parts[1] + "!" + "." + parts[2], "claims (part 2) is not base64url"},
		{header + "." + parts[1] + "." + parts[2] + "=", "signature (part 3) is not base64url"},
		{"eyJ hbGci." + parts[1] + "." + parts[2], "header (part 1) is not base64url"},
		{header + "." + base64Url("this is not JSON") + "." + parts[2], "claims (part 2) are not a JSON object"},
		{header + "." + base64Url("{\"sub\":") + "." + parts[2], "claims (part 2) are not a JSON object"},
		{header + "." + base64Url("[1,2,3]") + "." + parts[2], "claims (part 2) are not a JSON object"},
		{base64Url("ES256") + "." + parts[1] + "." + parts[2], "header (part 1) is not a JSON object"},
	};
	for (const auto& [token, detail]: cases)
	{
		const LicenseError error = errorOf(verifier, token);
		assertReason(LicenseError::MALFORMED, error);
		CPPUNIT_ASSERT_MESSAGE(error.what(), contains(error.what(), "the deployment key (DEPLOYMENT_KEY) is malformed"));
		CPPUNIT_ASSERT_MESSAGE(std::string(error.what()) + " lacks " + detail, contains(error.what(), detail));
		CPPUNIT_ASSERT_MESSAGE(error.what(), contains(error.what(), "ask Polytomic for a new key"));
	}
}


void LicenseVerifierTest::testMissingClaims()
{
	const LicenseVerifier verifier(_keys.publicKey);
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, verifier.verify(signClaims(_keys.privateKey, sampleClaims()), DEPLOYMENT, NOW).deploymentId);
	for (const char* name: {"sub", "customer", "iat", "exp", "jti"})
	{
		Poco::JSON::Object::Ptr claims = sampleClaims();
		claims->remove(name);
		const LicenseError error = errorOf(verifier, signClaims(_keys.privateKey, claims));
		assertReason(LicenseError::MALFORMED, error);
		CPPUNIT_ASSERT_MESSAGE(error.what(), contains(error.what(), std::string("the claim \"") + name + "\""));
		CPPUNIT_ASSERT_MESSAGE(error.what(), contains(error.what(), "is missing"));
	}
	Poco::JSON::Object::Ptr noIssuer = sampleClaims();
	noIssuer->remove("iss");
	assertReason(LicenseError::MALFORMED, errorOf(verifier, signClaims(_keys.privateKey, noIssuer)));
	assertReason(LicenseError::MALFORMED, errorOf(verifier, signClaims(_keys.privateKey, new Poco::JSON::Object)));
}


void LicenseVerifierTest::testClaimsOfTheWrongType()
{
	const LicenseVerifier verifier(_keys.publicKey);
	Poco::JSON::Array::Ptr numbers = new Poco::JSON::Array;
	numbers->add(1);
	const std::vector<std::pair<std::string, Poco::Dynamic::Var>> cases = {
		{"sub", 42},
		{"sub", ""},
		{"customer", true},
		{"exp", std::string("2025-12-31")},
		{"exp", 1.5e9 + 0.5},
		{"exp", -1},
		{"iat", true},
		{"jti", Poco::Dynamic::Var()},
		{"max_syncs", std::string("ten")},
		{"max_syncs", -1},
		{"max_syncs", 2.5},
		{"connectors", std::string("all")},
		{"connectors", numbers},
	};
	for (const auto& [name, value]: cases)
	{
		Poco::JSON::Object::Ptr claims = sampleClaims();
		claims->set(name, value);
		const LicenseError error = errorOf(verifier, signClaims(_keys.privateKey, claims));
		assertReason(LicenseError::MALFORMED, error);
		CPPUNIT_ASSERT_MESSAGE(error.what(), contains(error.what(), "\"" + name + "\""));
	}

	Poco::JSON::Object::Ptr backwards = sampleClaims();
	backwards->set("exp", backwards->getValue<Poco::Int64>("iat") - 1);
	const LicenseError error = errorOf(verifier, signClaims(_keys.privateKey, backwards));
	assertReason(LicenseError::MALFORMED, error);
	CPPUNIT_ASSERT(contains(error.what(), "expires (exp) before it was issued (iat)"));

	// Whole seconds written as floating point are fine (RFC 7519 NumericDate).
	Poco::JSON::Object::Ptr floating = sampleClaims();
	floating->set("exp", static_cast<double>(floating->getValue<Poco::Int64>("exp")));
	CPPUNIT_ASSERT_EQUAL(floating->getValue<Poco::Int64>("exp"),
		static_cast<Poco::Int64>(verifier.verify(signClaims(_keys.privateKey, floating), DEPLOYMENT, NOW).expiresAt.epochTime()));
}


void LicenseVerifierTest::testWrongIssuer()
{
	Poco::JSON::Object::Ptr claims = sampleClaims();
	claims->set("iss", "someone-else");
	const LicenseError error = errorOf(LicenseVerifier(_keys.publicKey), signClaims(_keys.privateKey, claims));
	assertReason(LicenseError::MALFORMED, error);
	CPPUNIT_ASSERT(contains(error.what(), "\"someone-else\""));
	CPPUNIT_ASSERT(contains(error.what(), "not a Polytomic deployment key"));
}


void LicenseVerifierTest::testWrongDeployment()
{
	const LicenseVerifier verifier(_keys.publicKey);
	const std::string token = LicenseIssuer(_keys.privateKey).issue(sample());
	const LicenseError error = errorOf(verifier, token, "acme-staging");
	assertReason(LicenseError::WRONG_DEPLOYMENT, error);
	CPPUNIT_ASSERT(contains(error.what(), "issued for deployment \"acme-prod\""));
	CPPUNIT_ASSERT(contains(error.what(), "DEPLOYMENT is \"acme-staging\""));
	CPPUNIT_ASSERT(contains(error.what(), "set DEPLOYMENT to acme-prod"));
	CPPUNIT_ASSERT(contains(error.what(), "ask Polytomic for a key for deployment \"acme-staging\""));

	const LicenseError unset = errorOf(verifier, token, "");
	assertReason(LicenseError::WRONG_DEPLOYMENT, unset);
	CPPUNIT_ASSERT(contains(unset.what(), "DEPLOYMENT is not set: set DEPLOYMENT to acme-prod"));

	assertReason(LicenseError::WRONG_DEPLOYMENT, errorOf(verifier, token, "ACME-PROD"));
}


void LicenseVerifierTest::testExpiredInGrace()
{
	License expired = sample();
	expired.issuedAt = NOW - days(400);
	expired.expiresAt = NOW - days(3) - Poco::Timespan(0, 1, 0, 0, 0);
	const std::string token = LicenseIssuer(_keys.privateKey).issue(expired);

	const License license = LicenseVerifier(_keys.publicKey).verify(token, DEPLOYMENT, NOW);
	const LicenseStatus status = license.statusAt(NOW);
	CPPUNIT_ASSERT_EQUAL(LicenseStatus::EXPIRED_IN_GRACE, status.state());
	CPPUNIT_ASSERT_EQUAL(11, status.daysLeftInGrace());
	CPPUNIT_ASSERT(contains(status.message(), "11 more days"));
	CPPUNIT_ASSERT(contains(status.message(), "ask Polytomic for a new key"));

	// A day later, a day less.
	CPPUNIT_ASSERT_EQUAL(10, LicenseVerifier(_keys.publicKey).verify(token, DEPLOYMENT, NOW + days(1)).statusAt(NOW + days(1)).daysLeftInGrace());
}


void LicenseVerifierTest::testPastGrace()
{
	const LicenseVerifier verifier(_keys.publicKey);
	License expired = sample();
	expired.issuedAt = NOW - days(400);
	expired.expiresAt = License::endOfDay("2025-02-14");
	const std::string token = LicenseIssuer(_keys.privateKey).issue(expired);
	// 2025-02-14 23:59:59 + 14 days = 2025-02-28 23:59:59, before NOW.
	const LicenseError error = errorOf(verifier, token);
	assertReason(LicenseError::PAST_GRACE, error);
	CPPUNIT_ASSERT(contains(error.what(), "expired on 2025-02-14"));
	CPPUNIT_ASSERT(contains(error.what(), "grace period ended on 2025-02-28 23:59:59 UTC"));
	CPPUNIT_ASSERT(contains(error.what(), "ask Polytomic for a new key"));

	// The last second of grace still works.
	const Poco::Timestamp lastSecond = License::endOfDay("2025-02-28") - Poco::Timespan(1, 0);
	CPPUNIT_ASSERT(verifier.verify(token, DEPLOYMENT, lastSecond).statusAt(lastSecond).expiredInGrace());
	assertReason(LicenseError::PAST_GRACE, errorOf(verifier, token, DEPLOYMENT, License::endOfDay("2025-02-28")));
}


void LicenseVerifierTest::testIssuedInTheFuture()
{
	const LicenseVerifier verifier(_keys.publicKey);
	License future = sample();
	future.issuedAt = NOW + Poco::Timespan(0, 0, 10, 0, 0);
	const LicenseError error = errorOf(verifier, LicenseIssuer(_keys.privateKey).issue(future));
	assertReason(LicenseError::ISSUED_IN_FUTURE, error);
	CPPUNIT_ASSERT(contains(error.what(), "2025-03-01 12:10:00 UTC"));
	CPPUNIT_ASSERT(contains(error.what(), "2025-03-01 12:00:00 UTC"));
	CPPUNIT_ASSERT(contains(error.what(), "clock"));

	// Within the clock skew (5 minutes): accepted.
	CPPUNIT_ASSERT_EQUAL(300, LicenseVerifier::CLOCK_SKEW_SECONDS);
	future.issuedAt = NOW + Poco::Timespan(0, 0, 4, 0, 0);
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, verifier.verify(LicenseIssuer(_keys.privateKey).issue(future), DEPLOYMENT, NOW).deploymentId);
	future.issuedAt = NOW + Poco::Timespan(0, 0, 5, 0, 0);
	CPPUNIT_ASSERT_EQUAL(DEPLOYMENT, verifier.verify(LicenseIssuer(_keys.privateKey).issue(future), DEPLOYMENT, NOW).deploymentId);
	future.issuedAt = NOW + Poco::Timespan(0, 0, 5, 1, 0);
	assertReason(LicenseError::ISSUED_IN_FUTURE, errorOf(verifier, LicenseIssuer(_keys.privateKey).issue(future)));
}


void LicenseVerifierTest::testEntitlementsAbsent()
{
	const std::string token = LicenseIssuer(_keys.privateKey).issue(sample());
	const LicenseToken decoded = LicenseToken::parse(token);
	CPPUNIT_ASSERT(!decoded.claims()->has("max_syncs"));
	CPPUNIT_ASSERT(!decoded.claims()->has("connectors"));

	const License license = LicenseVerifier(_keys.publicKey).verify(token, DEPLOYMENT, NOW);
	CPPUNIT_ASSERT(!license.maxSyncs);
	CPPUNIT_ASSERT(!license.connectors);
	CPPUNIT_ASSERT(license.allowsActiveSyncs(1000000));
	CPPUNIT_ASSERT(license.allowsConnector("postgresql"));
	CPPUNIT_ASSERT(license.allowsConnector("a-connector-made-next-year"));

	// JSON null is absent too.
	Poco::JSON::Object::Ptr claims = sampleClaims();
	claims->set("max_syncs", Poco::Dynamic::Var());
	claims->set("connectors", Poco::Dynamic::Var());
	const License nulls = LicenseVerifier(_keys.publicKey).verify(signClaims(_keys.privateKey, claims), DEPLOYMENT, NOW);
	CPPUNIT_ASSERT(!nulls.maxSyncs);
	CPPUNIT_ASSERT(!nulls.connectors);
}


void LicenseVerifierTest::testEntitlements()
{
	License limited = sample();
	limited.maxSyncs = 2;
	limited.connectors = std::vector<std::string>{"postgresql"};
	const License license = LicenseVerifier(_keys.publicKey).verify(LicenseIssuer(_keys.privateKey).issue(limited), DEPLOYMENT, NOW);
	CPPUNIT_ASSERT(license.allowsActiveSyncs(2));
	CPPUNIT_ASSERT(!license.allowsActiveSyncs(3));
	CPPUNIT_ASSERT(license.allowsConnector("postgresql"));
	CPPUNIT_ASSERT(!license.allowsConnector("salesforce"));

	License none = sample();
	none.maxSyncs = 0;
	none.connectors = std::vector<std::string>{};
	const License closed = LicenseVerifier(_keys.publicKey).verify(LicenseIssuer(_keys.privateKey).issue(none), DEPLOYMENT, NOW);
	CPPUNIT_ASSERT(closed.maxSyncs && *closed.maxSyncs == 0);
	CPPUNIT_ASSERT(closed.connectors && closed.connectors->empty());
	CPPUNIT_ASSERT(!closed.allowsActiveSyncs(1));
	CPPUNIT_ASSERT(!closed.allowsConnector("postgresql"));
}


void LicenseVerifierTest::testBadPublicKey()
{
	CPPUNIT_ASSERT_THROW(LicenseVerifier("not a key"), std::invalid_argument);
	CPPUNIT_ASSERT_THROW(LicenseVerifier(""), std::invalid_argument);
	CPPUNIT_ASSERT_THROW(LicenseVerifier(_keys.privateKey), std::invalid_argument);

	Poco::Crypto::ECKey p384("secp384r1");
	std::ostringstream publicKey;
	std::ostringstream privateKey;
	p384.save(&publicKey, &privateKey);
	CPPUNIT_ASSERT_THROW(LicenseVerifier(publicKey.str()), std::invalid_argument);
}


void LicenseVerifierTest::testVendorPublicKey()
{
	CPPUNIT_ASSERT(vendorPublicKey().find("-----BEGIN PUBLIC KEY-----") == 0);
	CPPUNIT_ASSERT(vendorPublicKey().find("PRIVATE") == std::string::npos);
	const LicenseVerifier vendor;
	const std::string token = LicenseIssuer(_keys.privateKey).issue(sample());
	assertReason(LicenseError::BAD_SIGNATURE, errorOf(vendor, token));
}


CppUnit::Test* LicenseVerifierTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicenseVerifierTest");
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testValid);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testSurroundingWhitespaceIgnored);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testForged);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testSignedWithAnotherKey);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testNotSignedWithES256);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testMalformed);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testMissingClaims);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testClaimsOfTheWrongType);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testWrongIssuer);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testWrongDeployment);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testExpiredInGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testPastGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testIssuedInTheFuture);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testEntitlementsAbsent);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testEntitlements);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testBadPublicKey);
	POLYTOMIC_ADD_TEST(suite, LicenseVerifierTest, testVendorPublicKey);
	return suite;
}
