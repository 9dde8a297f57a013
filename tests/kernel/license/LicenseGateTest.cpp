//
// LicenseGateTest.cpp
//


#include "LicenseGateTest.h"
#include "license/LicenseError.h"
#include "license/LicenseGate.h"
#include "license/LicenseIssuer.h"
#include "license/LicenseRefused.h"
#include "support/TestDriver.h"
#include "Poco/DateTime.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/Timespan.h"
#include <cppunit/TestAssert.h>
#include <sstream>


using namespace polytomic::license;


namespace
{
	// The clock of every test: 2025-03-01 12:00:00 UTC.
	const Poco::Timestamp NOW = Poco::DateTime(2025, 3, 1, 12, 0, 0).timestamp();


	Poco::Timespan days(int n)
	{
		return Poco::Timespan(n, 0, 0, 0, 0);
	}


	License licenseExpiring(Poco::Timestamp expiresAt)
	{
		License license;
		license.deploymentId = "acme-prod";
		license.customer = "Acme Corp";
		license.issuedAt = NOW - days(300);
		license.expiresAt = expiresAt;
		license.id = "4f1c2a7e-0000-4000-8000-000000000001";
		return license;
	}


	std::string json(const Poco::JSON::Object::Ptr& object)
	{
		std::ostringstream out;
		Poco::JSON::Stringifier::condense(object, out);
		return out.str();
	}


	template <typename F>
	LicenseRefused refusal(F&& f)
	{
		try
		{
			f();
		}
		catch (const LicenseRefused& e)
		{
			return e;
		}
		CPPUNIT_FAIL("expected LicenseRefused");
		throw std::logic_error("unreachable");
	}
}


void LicenseGateTest::testValid()
{
	LicenseGate gate(licenseExpiring(NOW + days(100)));
	CPPUNIT_ASSERT(gate.allowsNewExecutions(NOW));
	CPPUNIT_ASSERT_NO_THROW(gate.requireNewExecutions(NOW));
	CPPUNIT_ASSERT(!gate.needsWarning(NOW));
	CPPUNIT_ASSERT_DOUBLES_EQUAL(114.0, *gate.daysLeft(NOW), 0.001);
	Poco::JSON::Object::Ptr status = gate.describe(NOW);
	CPPUNIT_ASSERT_EQUAL(std::string("licensed"), status->getValue<std::string>("mode"));
	CPPUNIT_ASSERT_EQUAL(std::string("valid"), status->getValue<std::string>("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("acme-prod"), status->getValue<std::string>("deployment"));
	CPPUNIT_ASSERT(status->getValue<bool>("executions_allowed"));
	CPPUNIT_ASSERT(status->isNull("banner"));
	// Within GRACE_DAYS of its expiry a valid key shows a banner, without stopping anything.
	LicenseGate soon(licenseExpiring(NOW + days(3)));
	CPPUNIT_ASSERT(soon.describe(NOW)->getValue<std::string>("banner").find("expires on 2025-03-04") != std::string::npos);
}


void LicenseGateTest::testExpiredWithinGrace()
{
	LicenseGate gate(licenseExpiring(NOW - days(3)));
	CPPUNIT_ASSERT(gate.allowsNewExecutions(NOW));
	CPPUNIT_ASSERT(gate.needsWarning(NOW));
	CPPUNIT_ASSERT(gate.logMessage(NOW).find("11 more days of grace") != std::string::npos);
	Poco::JSON::Object::Ptr status = gate.describe(NOW);
	CPPUNIT_ASSERT_EQUAL(std::string("expired_in_grace"), status->getValue<std::string>("status"));
	CPPUNIT_ASSERT_EQUAL(11, status->getValue<int>("days_left"));
	CPPUNIT_ASSERT(status->getValue<std::string>("banner").find("expired on 2025-02-26") != std::string::npos);
}


void LicenseGateTest::testPastGrace()
{
	LicenseGate gate(licenseExpiring(NOW - days(15)));
	CPPUNIT_ASSERT(!gate.allowsNewExecutions(NOW));
	const LicenseRefused e = refusal([&] { gate.requireNewExecutions(NOW); });
	CPPUNIT_ASSERT_EQUAL(std::string("license_expired"), e.key());
	CPPUNIT_ASSERT(std::string(e.what()).find("no new executions start") != std::string::npos);
	CPPUNIT_ASSERT(std::string(e.what()).find("DEPLOYMENT_KEY") != std::string::npos);
	CPPUNIT_ASSERT(*gate.daysLeft(NOW) < 0);
	Poco::JSON::Object::Ptr status = gate.describe(NOW);
	CPPUNIT_ASSERT_EQUAL(std::string("expired"), status->getValue<std::string>("status"));
	CPPUNIT_ASSERT(!status->getValue<bool>("executions_allowed"));
	// Nothing else is refused: syncs can still be edited and connections made.
	CPPUNIT_ASSERT_NO_THROW(gate.requireActivation());
	CPPUNIT_ASSERT_NO_THROW(gate.requireConnector("postgresql"));
}


void LicenseGateTest::testRevoked()
{
	LicenseGate gate(licenseExpiring(NOW + days(100)));
	gate.revoke(NOW);
	CPPUNIT_ASSERT(gate.allowsNewExecutions(NOW));
	CPPUNIT_ASSERT(gate.needsWarning(NOW));
	Poco::JSON::Object::Ptr status = gate.describe(NOW + days(1));
	CPPUNIT_ASSERT_EQUAL(std::string("expired_in_grace"), status->getValue<std::string>("status"));
	CPPUNIT_ASSERT(status->getValue<bool>("revoked"));
	CPPUNIT_ASSERT(status->getValue<std::string>("message").find("revoked on 2025-03-01") != std::string::npos);
	// Revoked is honoured like an expiry: past the grace period, no new executions.
	CPPUNIT_ASSERT(!gate.allowsNewExecutions(NOW + days(LicenseStatus::GRACE_DAYS) + Poco::Timespan(1, 0)));
	// A later revocation does not move the earlier one.
	gate.revoke(NOW + days(5));
	CPPUNIT_ASSERT(*gate.revokedAt() == NOW);
}


void LicenseGateTest::testRevokedLongAgo()
{
	LicenseGate gate(licenseExpiring(NOW + days(100)));
	gate.revoke(NOW - days(20));
	CPPUNIT_ASSERT(!gate.allowsNewExecutions(NOW));
	CPPUNIT_ASSERT_EQUAL(std::string("license_expired"), refusal([&] { gate.requireNewExecutions(NOW); }).key());
	CPPUNIT_ASSERT(gate.logMessage(NOW).find("revoked on 2025-02-09") != std::string::npos);
}


void LicenseGateTest::testSyncLimit()
{
	License license = licenseExpiring(NOW + days(100));
	license.maxSyncs = 2;
	LicenseGate gate(license);
	int active = 1;
	gate.setActiveSyncCounter([&active] { return active; });
	CPPUNIT_ASSERT_NO_THROW(gate.requireActivation());
	active = 2;
	const LicenseRefused e = refusal([&] { gate.requireActivation(); });
	CPPUNIT_ASSERT_EQUAL(std::string("license_sync_limit"), e.key());
	CPPUNIT_ASSERT(std::string(e.what()).find("at most 2 active syncs") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("2"), e.metadata().at("max_active_syncs"));
	CPPUNIT_ASSERT_EQUAL(std::string("2"), e.metadata().at("active_syncs"));
	CPPUNIT_ASSERT_EQUAL(2, gate.describe(NOW)->getObject("entitlements")->getValue<int>("max_active_syncs"));

	LicenseGate unlimited(licenseExpiring(NOW + days(100)));
	unlimited.setActiveSyncCounter([] { return 100000; });
	CPPUNIT_ASSERT_NO_THROW(unlimited.requireActivation());
	CPPUNIT_ASSERT(unlimited.describe(NOW)->getObject("entitlements")->isNull("max_active_syncs"));
}


void LicenseGateTest::testConnectors()
{
	License license = licenseExpiring(NOW + days(100));
	license.connectors = std::vector<std::string>{"postgresql", "salesforce"};
	LicenseGate gate(license);
	CPPUNIT_ASSERT_NO_THROW(gate.requireConnector("postgresql"));
	const LicenseRefused e = refusal([&] { gate.requireConnector("hubspot"); });
	CPPUNIT_ASSERT_EQUAL(std::string("license_connector_not_allowed"), e.key());
	CPPUNIT_ASSERT(std::string(e.what()).find("does not include the hubspot connector (it includes: postgresql, salesforce)") !=
		std::string::npos);
	CPPUNIT_ASSERT(json(gate.describe(NOW)).find("\"connectors\":[\"postgresql\",\"salesforce\"]") != std::string::npos);
}


void LicenseGateTest::testEvaluation()
{
	LicenseGate gate(std::nullopt);
	CPPUNIT_ASSERT(gate.evaluation());
	CPPUNIT_ASSERT(gate.allowsNewExecutions(NOW));
	CPPUNIT_ASSERT(!gate.daysLeft(NOW));
	int active = LicenseGate::EVALUATION_MAX_ACTIVE_SYNCS - 1;
	gate.setActiveSyncCounter([&active] { return active; });
	CPPUNIT_ASSERT_NO_THROW(gate.requireActivation());
	active = LicenseGate::EVALUATION_MAX_ACTIVE_SYNCS;
	const LicenseRefused e = refusal([&] { gate.requireActivation(); });
	CPPUNIT_ASSERT(std::string(e.what()).find("evaluation mode allows at most 5 active syncs") != std::string::npos);
	CPPUNIT_ASSERT_NO_THROW(gate.requireConnector("anything"));
	Poco::JSON::Object::Ptr status = gate.describe(NOW);
	CPPUNIT_ASSERT_EQUAL(std::string("evaluation"), status->getValue<std::string>("mode"));
	CPPUNIT_ASSERT(status->getValue<std::string>("banner").find("Evaluation mode") == 0);
}


void LicenseGateTest::testOpenRefusesBadKeys()
{
	const LicenseIssuer::KeyPair keys = LicenseIssuer::generateKeyPair();
	const LicenseVerifier verifier(keys.publicKey);
	const std::string token = LicenseIssuer(keys.privateKey).issue(licenseExpiring(NOW + days(100)));
	CPPUNIT_ASSERT(!LicenseGate::open("acme-prod", token, false, verifier, NOW)->evaluation());

	const auto reason = [&](const std::string& deployment, const std::string& key) {
		try
		{
			LicenseGate::open(deployment, key, true, verifier, NOW);
		}
		catch (const LicenseError& e)
		{
			return e.reason();
		}
		CPPUNIT_FAIL("expected LicenseError");
		return LicenseError::MALFORMED;
	};
	// Another signature of the same length: the content no longer matches it.
	std::string forged = token;
	const std::size_t inSignature = token.rfind('.') + 10;
	forged[inSignature] = forged[inSignature] == 'A' ? 'B' : 'A';
	CPPUNIT_ASSERT_EQUAL(LicenseError::BAD_SIGNATURE, reason("acme-prod", forged));
	CPPUNIT_ASSERT_EQUAL(LicenseError::MALFORMED, reason("acme-prod", "not-a-key"));
	CPPUNIT_ASSERT_EQUAL(LicenseError::WRONG_DEPLOYMENT, reason("other", token));
	const std::string otherKey = LicenseIssuer(LicenseIssuer::generateKeyPair().privateKey).issue(licenseExpiring(NOW + days(100)));
	CPPUNIT_ASSERT_EQUAL(LicenseError::BAD_SIGNATURE, reason("acme-prod", otherKey));
	// EVALUATION=true without a key is an evaluation; with a key, the key counts.
	CPPUNIT_ASSERT(LicenseGate::open("", "", true, verifier, NOW)->evaluation());
}


void LicenseGateTest::testOpenAcceptsKeyPastGrace()
{
	const LicenseIssuer::KeyPair keys = LicenseIssuer::generateKeyPair();
	const std::string token = LicenseIssuer(keys.privateKey).issue(licenseExpiring(NOW - days(30)));
	auto gate = LicenseGate::open("acme-prod", token, false, LicenseVerifier(keys.publicKey), NOW);
	CPPUNIT_ASSERT(!gate->allowsNewExecutions(NOW));
	CPPUNIT_ASSERT(gate->logMessage(NOW).find("nothing is deleted") != std::string::npos);
}


CppUnit::Test* LicenseGateTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicenseGateTest");
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testValid);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testExpiredWithinGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testPastGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testRevoked);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testRevokedLongAgo);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testSyncLimit);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testConnectors);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testEvaluation);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testOpenRefusesBadKeys);
	POLYTOMIC_ADD_TEST(suite, LicenseGateTest, testOpenAcceptsKeyPastGrace);
	return suite;
}
