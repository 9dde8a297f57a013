//
// SalesforceConnector.h
//
// Definition of the SalesforceConnector class.
//


#ifndef Salesforce_SalesforceConnector_INCLUDED
#define Salesforce_SalesforceConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace salesforce {


class SalesforceConnector: public polytomic::sdk::Connector
	/// A Salesforce org's sObjects as a source and a destination
	/// (integrations/salesforce.md). It signs in with OAuth: its spec declares
	/// the web-server flow at the connection's login host (login.salesforce.com,
	/// test.salesforce.com or a My Domain) and the client-credentials flow
	/// (auth_flow client_credentials); the server runs either, keeps the tokens
	/// and gives the connector the token answer's instance_url, and the
	/// connector sends every request marked authorize. Its configuration holds no secret.
{
public:
	explicit SalesforceConnector(const polytomic::sdk::Host& host);

	polytomic::json::Value spec() override;
	void check(const polytomic::json::Value& config) override;
	polytomic::json::Value discover(const polytomic::json::Value& config) override;
	void read(const polytomic::sdk::ReadRequest& request, polytomic::sdk::ReadContext& context) override;
	std::unique_ptr<polytomic::sdk::Writer> openWriter(const polytomic::sdk::WriteRequest& request) override;
};


} // namespace salesforce


#endif // Salesforce_SalesforceConnector_INCLUDED
