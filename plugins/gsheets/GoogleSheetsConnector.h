//
// GoogleSheetsConnector.h
//
// Definition of the GoogleSheetsConnector class.
//


#ifndef GSheets_GoogleSheetsConnector_INCLUDED
#define GSheets_GoogleSheetsConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace gsheets {


class GoogleSheetsConnector: public polytomic::sdk::Connector
	/// Google Sheets as a source and a destination (integrations/gsheets.md).
	/// It signs in with OAuth: its spec declares Google's authorize and token
	/// URLs (the web-server flow, offline access, PKCE) and scopes, the server
	/// runs the sign-in and keeps the tokens, and every request goes marked
	/// authorize (the host adds the access token). Its configuration holds no secret.
{
public:
	explicit GoogleSheetsConnector(const polytomic::sdk::Host& host);

	polytomic::json::Value spec() override;
	void check(const polytomic::json::Value& config) override;
	polytomic::json::Value discover(const polytomic::json::Value& config) override;
	void read(const polytomic::sdk::ReadRequest& request, polytomic::sdk::ReadContext& context) override;
	std::unique_ptr<polytomic::sdk::Writer> openWriter(const polytomic::sdk::WriteRequest& request) override;
};


} // namespace gsheets


#endif // GSheets_GoogleSheetsConnector_INCLUDED
