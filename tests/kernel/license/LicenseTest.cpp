//
// LicenseTest.cpp
//


#include "LicenseTest.h"
#include "license/License.h"
#include "license/LicenseIssuer.h"
#include "support/TestDriver.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/DateTime.h"
#include "Poco/Timespan.h"
#include <cppunit/TestAssert.h>
#include <sstream>
#include <stdexcept>


using namespace polytomic::license;


namespace
{
	Poco::Timestamp utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0)
	{
		return Poco::DateTime(year, month, day, hour, minute, second).timestamp();
	}


	Poco::Timespan days(int n)
	{
		return Poco::Timespan(n, 0, 0, 0, 0);
	}


	Poco::Timespan seconds(int n)
	{
		return Poco::Timespan(n, 0);
	}
}


void LicenseTest::testEndOfDay()
{
	CPPUNIT_ASSERT(License::endOfDay("2025-06-30") == utc(2025, 6, 30, 23, 59, 59));
	CPPUNIT_ASSERT(License::endOfDay("2024-02-29") == utc(2024, 2, 29, 23, 59, 59));
	CPPUNIT_ASSERT_EQUAL(std::string("2025-06-30"), License::formatDate(License::endOfDay("2025-06-30")));
	CPPUNIT_ASSERT_EQUAL(std::string("2025-06-30 23:59:59 UTC"), License::formatTime(License::endOfDay("2025-06-30")));
	for (const char* bad: {"", "2025-6-30", "2025-02-30", "2023-02-29", "2025-13-01", "30-06-2025", "2025/06/30", "tomorrow", "2025-06-30x", "1969-12-31"})
		CPPUNIT_ASSERT_THROW_MESSAGE(bad, License::endOfDay(bad), std::invalid_argument);
}


void LicenseTest::testEntitlementsAbsentMeanUnlimited()
{
	License license;
	CPPUNIT_ASSERT(!license.maxSyncs);
	CPPUNIT_ASSERT(!license.connectors);
	CPPUNIT_ASSERT(license.allowsActiveSyncs(0));
	CPPUNIT_ASSERT(license.allowsActiveSyncs(1000000));
	CPPUNIT_ASSERT(license.allowsConnector("postgresql"));
	CPPUNIT_ASSERT(license.allowsConnector("anything-at-all"));
}


void LicenseTest::testEntitlements()
{
	License license;
	license.maxSyncs = 3;
	license.connectors = std::vector<std::string>{"postgresql", "salesforce"};
	CPPUNIT_ASSERT(license.allowsActiveSyncs(0));
	CPPUNIT_ASSERT(license.allowsActiveSyncs(3));
	CPPUNIT_ASSERT(!license.allowsActiveSyncs(4));
	CPPUNIT_ASSERT(license.allowsConnector("postgresql"));
	CPPUNIT_ASSERT(license.allowsConnector("salesforce"));
	CPPUNIT_ASSERT(!license.allowsConnector("snowflake"));
	CPPUNIT_ASSERT(!license.allowsConnector("Postgresql"));

	license.maxSyncs = 0;
	license.connectors = std::vector<std::string>{};
	CPPUNIT_ASSERT(license.allowsActiveSyncs(0));
	CPPUNIT_ASSERT(!license.allowsActiveSyncs(1));
	CPPUNIT_ASSERT(!license.allowsConnector("postgresql"));
}


void LicenseTest::testStatusValidUntilTheLastSecond()
{
	License license;
	license.expiresAt = License::endOfDay("2025-06-30");
	CPPUNIT_ASSERT(license.statusAt(utc(2025, 1, 1)).valid());
	const LicenseStatus last = license.statusAt(license.expiresAt);
	CPPUNIT_ASSERT(last.valid());
	CPPUNIT_ASSERT_EQUAL(0, last.daysLeftInGrace());
	CPPUNIT_ASSERT(last.message().find("valid until the end of 2025-06-30") != std::string::npos);
	CPPUNIT_ASSERT(license.statusAt(license.expiresAt + seconds(1)).expiredInGrace());
}


void LicenseTest::testStatusDaysLeftInGrace()
{
	License license;
	license.expiresAt = License::endOfDay("2025-06-30");
	CPPUNIT_ASSERT_EQUAL(14, LicenseStatus::GRACE_DAYS);

	const LicenseStatus first = license.statusAt(license.expiresAt + seconds(1));
	CPPUNIT_ASSERT_EQUAL(LicenseStatus::EXPIRED_IN_GRACE, first.state());
	CPPUNIT_ASSERT_EQUAL(14, first.daysLeftInGrace());

	// 3 days and 1 hour after the expiry, 10 days and 23 hours of grace are left: 11 days, rounded up.
	const LicenseStatus later = license.statusAt(license.expiresAt + days(3) + Poco::Timespan(0, 1, 0, 0, 0));
	CPPUNIT_ASSERT(later.expiredInGrace());
	CPPUNIT_ASSERT_EQUAL(11, later.daysLeftInGrace());
	CPPUNIT_ASSERT(later.graceEndsAt() == utc(2025, 7, 14, 23, 59, 59));
	const std::string message = later.message();
	CPPUNIT_ASSERT(message.find("expired on 2025-06-30") != std::string::npos);
	CPPUNIT_ASSERT(message.find("11 more days") != std::string::npos);
	CPPUNIT_ASSERT(message.find("2025-07-14 23:59:59 UTC") != std::string::npos);
	CPPUNIT_ASSERT(message.find("ask Polytomic for a new key") != std::string::npos);

	const LicenseStatus exactDays = license.statusAt(license.expiresAt + days(4));
	CPPUNIT_ASSERT_EQUAL(10, exactDays.daysLeftInGrace());

	const LicenseStatus lastSecond = license.statusAt(license.statusAt(license.expiresAt).graceEndsAt() - seconds(1));
	CPPUNIT_ASSERT(lastSecond.expiredInGrace());
	CPPUNIT_ASSERT_EQUAL(1, lastSecond.daysLeftInGrace());
	CPPUNIT_ASSERT(lastSecond.message().find("1 more day ") != std::string::npos);
}


void LicenseTest::testStatusPastGrace()
{
	License license;
	license.expiresAt = License::endOfDay("2025-06-30");
	const LicenseStatus ended = license.statusAt(license.expiresAt + days(14));
	CPPUNIT_ASSERT_EQUAL(LicenseStatus::EXPIRED, ended.state());
	CPPUNIT_ASSERT(ended.expired());
	CPPUNIT_ASSERT_EQUAL(0, ended.daysLeftInGrace());
	CPPUNIT_ASSERT(license.statusAt(utc(2026, 1, 1)).expired());
	const std::string message = ended.message();
	CPPUNIT_ASSERT(message.find("expired on 2025-06-30") != std::string::npos);
	CPPUNIT_ASSERT(message.find("14-day grace period ended") != std::string::npos);
	CPPUNIT_ASSERT(message.find("ask Polytomic for a new key") != std::string::npos);
}


void LicenseTest::testIssuerRefusesIncompleteLicense()
{
	const LicenseIssuer issuer(LicenseIssuer::generateKeyPair().privateKey);
	License license;
	license.deploymentId = "acme-prod";
	license.customer = "Acme";
	license.expiresAt = license.issuedAt + days(30);
	CPPUNIT_ASSERT(!issuer.issue(license).empty());

	License noDeployment = license;
	noDeployment.deploymentId.clear();
	CPPUNIT_ASSERT_THROW(issuer.issue(noDeployment), std::invalid_argument);
	License noCustomer = license;
	noCustomer.customer.clear();
	CPPUNIT_ASSERT_THROW(issuer.issue(noCustomer), std::invalid_argument);
	License negative = license;
	negative.maxSyncs = -1;
	CPPUNIT_ASSERT_THROW(issuer.issue(negative), std::invalid_argument);
	License emptyConnector = license;
	emptyConnector.connectors = std::vector<std::string>{"postgresql", ""};
	CPPUNIT_ASSERT_THROW(issuer.issue(emptyConnector), std::invalid_argument);
	License backwards = license;
	backwards.expiresAt = license.issuedAt - days(1);
	CPPUNIT_ASSERT_THROW(issuer.issue(backwards), std::invalid_argument);
}


void LicenseTest::testIssuerRefusesBadKey()
{
	const LicenseIssuer::KeyPair keys = LicenseIssuer::generateKeyPair();
	CPPUNIT_ASSERT(keys.publicKey.find("-----BEGIN PUBLIC KEY-----") == 0);
	CPPUNIT_ASSERT(keys.privateKey.find("PRIVATE KEY-----") != std::string::npos);
	CPPUNIT_ASSERT(keys.publicKey != LicenseIssuer::generateKeyPair().publicKey);
	CPPUNIT_ASSERT_THROW(LicenseIssuer("not a key"), std::invalid_argument);
	CPPUNIT_ASSERT_THROW(LicenseIssuer(keys.publicKey), std::invalid_argument);

	Poco::Crypto::ECKey p384("secp384r1");
	std::ostringstream publicKey;
	std::ostringstream privateKey;
	p384.save(&publicKey, &privateKey);
	CPPUNIT_ASSERT_THROW(LicenseIssuer(privateKey.str()), std::invalid_argument);
}


CppUnit::Test* LicenseTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicenseTest");
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testEndOfDay);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testEntitlementsAbsentMeanUnlimited);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testEntitlements);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testStatusValidUntilTheLastSecond);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testStatusDaysLeftInGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testStatusPastGrace);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testIssuerRefusesIncompleteLicense);
	POLYTOMIC_ADD_TEST(suite, LicenseTest, testIssuerRefusesBadKey);
	return suite;
}
