//
// HubSpotConnector.h
//
// Definition of the HubSpotConnector class.
//


#ifndef HubSpot_HubSpotConnector_INCLUDED
#define HubSpot_HubSpotConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace hubspot {


class HubSpotConnector: public polytomic::sdk::Connector
	/// HubSpot's CRM (v3): contacts, companies, deals, tickets and custom
	/// objects, as a source and a destination (integrations/hubspot.md). It
	/// signs in with OAuth: its spec declares HubSpot's authorize and token
	/// URLs and scopes, the server runs the sign-in and keeps the tokens, and
	/// the connector sends every request marked authorize (the host adds the
	/// access token). Its configuration holds no secret.
{
public:
	explicit HubSpotConnector(const polytomic::sdk::Host& host);

	polytomic::json::Value spec() override;
	void check(const polytomic::json::Value& config) override;
	polytomic::json::Value discover(const polytomic::json::Value& config) override;
	void read(const polytomic::sdk::ReadRequest& request, polytomic::sdk::ReadContext& context) override;
	std::unique_ptr<polytomic::sdk::Writer> openWriter(const polytomic::sdk::WriteRequest& request) override;
};


} // namespace hubspot


#endif // HubSpot_HubSpotConnector_INCLUDED
