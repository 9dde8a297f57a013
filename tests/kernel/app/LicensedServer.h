//
// LicensedServer.h
//
// Test support of the app suite: deployment keys the test server trusts, and
// an authenticated API client of a server started with one.
//


#ifndef LicensedServer_INCLUDED
#define LicensedServer_INCLUDED


#include "license/License.h"
#include "license/LicenseIssuer.h"
#include "support/PolytomicProcess.h"
#include "support/TestDatabase.h"
#include "Poco/Base64Encoder.h"
#include "Poco/FileStream.h"
#include "Poco/StreamCopier.h"
#include "Poco/Timespan.h"
#include "polytomic/json.hpp"
#include <sstream>


namespace polytomic {
namespace test {


const std::string TEST_DEPLOYMENT = "acme-test";
const std::string TEST_API_KEY = "k3y-for-the-tests-0123456789";


inline license::License testLicense(int daysUntilExpiry)
	/// A licence of TEST_DEPLOYMENT that expires that many days from now (negative: ago).
{
	license::License l;
	l.deploymentId = TEST_DEPLOYMENT;
	l.customer = "Acme Test Corp";
	l.issuedAt = Poco::Timestamp() - Poco::Timespan(400, 0, 0, 0, 0);
	l.expiresAt = Poco::Timestamp() + Poco::Timespan(daysUntilExpiry, 0, 0, 0, 0);
	return l;
}


inline std::string issueTestKey(const license::License& l)
	/// A deployment key signed with the test key pair (tests/kernel/license/fixtures),
	/// which only POLYTOMIC_LICENSED_BIN trusts.
{
	Poco::FileInputStream in(TestEnvironment::sourceDir() + "/tests/kernel/license/fixtures/test-private.pem");
	std::string pem;
	Poco::StreamCopier::copyToString(in, pem);
	return license::LicenseIssuer(pem).issue(l);
}


inline std::map<std::string, std::string> licensedEnvironment(const TestDatabase& db, unsigned port, const std::string& key)
	/// The server that trusts the test key, with DEPLOYMENT and DEPLOYMENT_KEY; evaluation
	/// mode only spares it Google credentials (a key, when given, is always used).
{
	auto env = evaluationEnvironment(db.url(), port);
	env["POLYTOMIC_BIN"] = POLYTOMIC_LICENSED_BIN;
	env["DEPLOYMENT"] = TEST_DEPLOYMENT;
	env["DEPLOYMENT_KEY"] = key;
	env["DEPLOYMENT_API_KEY"] = TEST_API_KEY;
	env["ENCRYPTION_KEY"] = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";
	// Nothing leaves the machine: the licence service is a closed loopback port unless a test sets its fake.
	env["TELEMETRY_URL"] = "http://127.0.0.1:" + std::to_string(TestEnvironment::freePort()) + "/";
	return env;
}


struct ApiClient
{
	ApiClient(const TestDatabase& db, unsigned port):
		port(port)
	{
		std::ostringstream encoded;
		Poco::Base64Encoder encoder(encoded);
		encoder.rdbuf()->setLineLength(0);
		encoder << db.scalar("SELECT id FROM organizations") << ":" << TEST_API_KEY;
		encoder.close();
		authorization = "Basic " + encoded.str();
	}

	HttpReply call(const std::string& method, const std::string& path, const std::string& body = "") const
	{
		return HttpProbe::request(port, method, path, body, {{"Authorization", authorization}, {"Content-Type", "application/json"}});
	}

	json::Value data(const std::string& path) const
	{
		HttpReply reply = call("GET", path);
		if (reply.status != 200) throw std::runtime_error("GET " + path + " answered " + std::to_string(reply.status) + ": " + reply.body);
		return json::Value::parse(reply.body)["data"];
	}

	unsigned port;
	std::string authorization;
};


} } // namespace polytomic::test


#endif // LicensedServer_INCLUDED
