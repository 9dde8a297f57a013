//
// SalesforceOrg.h
//
// What the Salesforce suites share: the Salesforce fake, a server whose
// Salesforce connected app is the fake's, a warehouse, and the sign-in of a
// connection by either flow.
//


#ifndef SalesforceOrg_INCLUDED
#define SalesforceOrg_INCLUDED


#include "ApiFixture.h"
#include "fakes/FakeSalesforce.h"
#include "support/PolytomicProcess.h"
#include <memory>


namespace polytomic {
namespace test {


struct SalesforceOrg
{
	static const char* CLIENT_ID;
	static const char* CLIENT_SECRET;

	FakeSalesforce salesforce{CLIENT_ID, CLIENT_SECRET};
	TestDatabase app;
	TestDatabase warehouse;
	unsigned port;
	std::unique_ptr<ChildProcess> server;
	std::unique_ptr<ApiClient> admin;

	explicit SalesforceOrg(const std::string& prefix);

	json::Value configuration(const std::string& flow) const;
		/// A connection's configuration (the fake's jobs are polled every 20 ms).

	HttpReply webServerSignIn(const std::string& name, const std::string& connection = "") const;
		/// Starts the web-server sign-in, follows the authorize URL at the fake, and returns the
		/// server's answer to the callback (without following its redirect).

	std::string connect(const std::string& name) const;
		/// The whole web-server sign-in; the new connection's id (throws unless it ends healthy).

	json::Value connectWithCredentials(const std::string& name, const std::string& connection = "") const;
		/// The data of connections.connect for a client-credentials connection.

	std::string warehouseConnection() const;

	std::string peopleModel(int people, const std::string& warehouseId) const;
		/// A table of people (every 100th with an email Salesforce refuses) and a model of it.

	std::string contactSync(const std::string& modelId, const std::string& salesforceId) const;
		/// updateOrCreate into Contact, identity External_Id__c (the person's id).

	json::Value runSync(const std::string& syncId) const;
	json::Value runBulk(const std::string& syncId) const;

	static std::string queryValue(const std::string& url, const std::string& name);
	static std::string location(const HttpReply& reply);
};


} } // namespace polytomic::test


#endif // SalesforceOrg_INCLUDED
