//
// DatabaseUrlTest.h
//


#ifndef DatabaseUrlTest_INCLUDED
#define DatabaseUrlTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class DatabaseUrlTest: public CppUnit::TestFixture
{
public:
	void testSimpleUrl();
	void testPostgresqlScheme();
	void testPercentEncodedCredentials();
	void testUnencodedAtInPassword();
	void testIpv6Hosts();
	void testDefaultPort();
	void testSeveralHosts();
	void testUnixSocketHost();
	void testQueryParameters();
	void testBadSslMode();
	void testUnknownParameter();
	void testWrongScheme();
	void testBadPort();
	void testMalformedEscape();
	void testWhitespaceValuesGoToEnvironment();
	void testQuotedValues();
	void testMaskedUrl();
	void testErrorsNeverShowThePassword();

	static CppUnit::Test* suite();
};


#endif // DatabaseUrlTest_INCLUDED
