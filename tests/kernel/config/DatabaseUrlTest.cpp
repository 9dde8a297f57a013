//
// DatabaseUrlTest.cpp
//


#include "DatabaseUrlTest.h"
#include "config/ConfigurationError.h"
#include "config/DatabaseUrl.h"
#include <cppunit/TestAssert.h>
#include "support/TestDriver.h"


using polytomic::config::DatabaseUrl;
using polytomic::config::InvalidValue;


namespace
{
	std::string keyword(const DatabaseUrl& url, const std::string& name)
	{
		auto it = url.keywords().find(name);
		return it == url.keywords().end() ? "<unset>" : it->second;
	}


	std::string errorOf(const std::string& text)
	{
		try
		{
			DatabaseUrl::parse(text);
		}
		catch (const InvalidValue& e)
		{
			return e.what();
		}
		return "<no error>";
	}
}


void DatabaseUrlTest::testSimpleUrl()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app:pw@db.internal:5433/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("connect_timeout=10 dbname=polytomic host=db.internal password=pw port=5433 user=app"),
		url.connectionString());
	CPPUNIT_ASSERT(url.environment().empty());
	CPPUNIT_ASSERT_EQUAL(std::string("app"), url.user());
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic"), url.database());
}


void DatabaseUrlTest::testPostgresqlScheme()
{
	DatabaseUrl url = DatabaseUrl::parse("postgresql://app@db/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("db"), keyword(url, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("<unset>"), keyword(url, "password"));
	CPPUNIT_ASSERT_EQUAL(std::string("h"), keyword(DatabaseUrl::parse("POSTGRES://x@h/d"), "host"));
}


void DatabaseUrlTest::testPercentEncodedCredentials()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://us%3Aer%40corp:p%40ss%2Fw%3Ard%25%23@db/my%2Ddb");
	CPPUNIT_ASSERT_EQUAL(std::string("us:er@corp"), keyword(url, "user"));
	CPPUNIT_ASSERT_EQUAL(std::string("p@ss/w:rd%#"), keyword(url, "password"));
	CPPUNIT_ASSERT_EQUAL(std::string("my-db"), keyword(url, "dbname"));
}


void DatabaseUrlTest::testUnencodedAtInPassword()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app:p@ss@db:5432/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("p@ss"), keyword(url, "password"));
	CPPUNIT_ASSERT_EQUAL(std::string("db"), keyword(url, "host"));
}


void DatabaseUrlTest::testIpv6Hosts()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app@[::1]:6000/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("::1"), keyword(url, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("6000"), keyword(url, "port"));
	DatabaseUrl noPort = DatabaseUrl::parse("postgres://app@[2001:db8::17]/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::17"), keyword(noPort, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("5432"), keyword(noPort, "port"));
	CPPUNIT_ASSERT(errorOf("postgres://app@[::1/polytomic").find("IPv6") != std::string::npos);
}


void DatabaseUrlTest::testDefaultPort()
{
	CPPUNIT_ASSERT_EQUAL(std::string("5432"), keyword(DatabaseUrl::parse("postgres://app@db/polytomic"), "port"));
	CPPUNIT_ASSERT_EQUAL(std::string("5432"), keyword(DatabaseUrl::parse("postgres://app@db:/polytomic"), "port"));
}


void DatabaseUrlTest::testSeveralHosts()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app@primary:5432,replica:5433/polytomic?target_session_attrs=read-write");
	CPPUNIT_ASSERT_EQUAL(std::string("primary,replica"), keyword(url, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("5432,5433"), keyword(url, "port"));
	CPPUNIT_ASSERT_EQUAL(std::string("read-write"), keyword(url, "target_session_attrs"));
}


void DatabaseUrlTest::testUnixSocketHost()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app@%2Fvar%2Frun%2Fpostgresql/polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("/var/run/postgresql"), keyword(url, "host"));
	DatabaseUrl local = DatabaseUrl::parse("postgres:///polytomic");
	CPPUNIT_ASSERT_EQUAL(std::string("<unset>"), keyword(local, "host"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic"), keyword(local, "dbname"));
}


void DatabaseUrlTest::testQueryParameters()
{
	DatabaseUrl url = DatabaseUrl::parse(
		"postgres://app:pw@db/polytomic?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Frds.pem&application_name=polytomic&connect_timeout=3");
	CPPUNIT_ASSERT_EQUAL(std::string("verify-full"), keyword(url, "sslmode"));
	CPPUNIT_ASSERT_EQUAL(std::string("/etc/ssl/rds.pem"), keyword(url, "sslrootcert"));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic"), keyword(url, "application_name"));
	CPPUNIT_ASSERT_EQUAL(std::string("3"), keyword(url, "connect_timeout"));
	for (const char* mode: {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
		CPPUNIT_ASSERT_EQUAL(std::string(mode), keyword(DatabaseUrl::parse(std::string("postgres://h/d?sslmode=") + mode), "sslmode"));
}


void DatabaseUrlTest::testBadSslMode()
{
	const std::string error = errorOf("postgres://app@db/polytomic?sslmode=on");
	CPPUNIT_ASSERT(error.find("sslmode 'on'") != std::string::npos);
	CPPUNIT_ASSERT(error.find("verify-full") != std::string::npos);
}


void DatabaseUrlTest::testUnknownParameter()
{
	CPPUNIT_ASSERT(errorOf("postgres://app@db/polytomic?ssl=true").find("'ssl' is not a PostgreSQL connection parameter") != std::string::npos);
}


void DatabaseUrlTest::testWrongScheme()
{
	CPPUNIT_ASSERT(errorOf("mysql://app@db/polytomic").find("postgres://") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("db.internal:5432/polytomic").find("not a URL") != std::string::npos);
}


void DatabaseUrlTest::testBadPort()
{
	CPPUNIT_ASSERT(errorOf("postgres://app@db:99999/polytomic").find("port '99999'") != std::string::npos);
	CPPUNIT_ASSERT(errorOf("postgres://app@db:pg/polytomic").find("port 'pg'") != std::string::npos);
}


void DatabaseUrlTest::testMalformedEscape()
{
	CPPUNIT_ASSERT(errorOf("postgres://app:p%zzw@db/polytomic").find("percent-escape") != std::string::npos);
}


void DatabaseUrlTest::testWhitespaceValuesGoToEnvironment()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app:two%20words@db/polytomic?application_name=my%20app&options=-c%20statement_timeout%3D5000");
	const std::string text = url.connectionString();
	CPPUNIT_ASSERT(text.find("password") == std::string::npos);
	CPPUNIT_ASSERT(text.find("application_name") == std::string::npos);
	CPPUNIT_ASSERT(text.find("  ") == std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("two words"), url.environment().at("PGPASSWORD"));
	CPPUNIT_ASSERT_EQUAL(std::string("my app"), url.environment().at("PGAPPNAME"));
	CPPUNIT_ASSERT_EQUAL(std::string("-c statement_timeout=5000"), url.environment().at("PGOPTIONS"));
}


void DatabaseUrlTest::testQuotedValues()
{
	DatabaseUrl url = DatabaseUrl::parse("postgres://app:it%27s%5Cok@db/polytomic");
	CPPUNIT_ASSERT(url.connectionString().find("password='it\\'s\\\\ok'") != std::string::npos);
	DatabaseUrl empty = DatabaseUrl::parse("postgres://app:@db/polytomic");
	CPPUNIT_ASSERT(empty.connectionString().find("password=''") != std::string::npos);
}


void DatabaseUrlTest::testMaskedUrl()
{
	CPPUNIT_ASSERT_EQUAL(std::string("postgres://app:****@db:5432/polytomic?sslmode=require"),
		DatabaseUrl::parse("postgres://app:hunter2@db:5432/polytomic?sslmode=require").masked());
	CPPUNIT_ASSERT_EQUAL(std::string("postgres://app:****@db/x"), DatabaseUrl::parse("postgres://app:p@ss@db/x").masked());
	CPPUNIT_ASSERT_EQUAL(std::string("postgres://app@db/x"), DatabaseUrl::parse("postgres://app@db/x").masked());
}


void DatabaseUrlTest::testErrorsNeverShowThePassword()
{
	for (const char* bad: {"postgres://app:hunter2@db:0/x", "postgres://app:hunter2@db/x?sslmode=hunter2x",
		"postgres://app:hunter2@db/x?hunter2=1", "mysql://app:hunter2@db/x"})
	{
		const std::string error = errorOf(bad);
		CPPUNIT_ASSERT(error != "<no error>");
		CPPUNIT_ASSERT_MESSAGE(error, error.find("hunter2@") == std::string::npos && error.find(":hunter2") == std::string::npos);
	}
}


CppUnit::Test* DatabaseUrlTest::suite()
{
	auto* suite = new CppUnit::TestSuite("DatabaseUrlTest");
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testSimpleUrl);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testPostgresqlScheme);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testPercentEncodedCredentials);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testUnencodedAtInPassword);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testIpv6Hosts);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testDefaultPort);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testSeveralHosts);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testUnixSocketHost);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testQueryParameters);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testBadSslMode);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testUnknownParameter);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testWrongScheme);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testBadPort);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testMalformedEscape);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testWhitespaceValuesGoToEnvironment);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testQuotedValues);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testMaskedUrl);
	POLYTOMIC_ADD_TEST(suite, DatabaseUrlTest, testErrorsNeverShowThePassword);
	return suite;
}
