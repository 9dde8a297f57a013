//
// ConnectHandlers.h
//
// Definition of the ConnectHandlers class.
//


#ifndef Polytomic_Http_ConnectHandlers_INCLUDED
#define Polytomic_Http_ConnectHandlers_INCLUDED


#include "auth/ConnectionOAuth.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ConnectHandlers
	/// The OAuth sign-in of connections: POST /api/connections/connect (the SDK's
	/// connections.connect: {name, type, redirect_url, connection} answers
	/// {"data": {"redirect_url", "token", "auth_url"}}, the provider's authorize
	/// URL and the single-use state), and GET /connect/<type>, where the
	/// provider sends the browser back: the caller who started the sign-in
	/// finishes it, and is sent on to redirect_url with connection_id and status
	/// (and error) added.
{
public:
	explicit ConnectHandlers(auth::ConnectionOAuth& oauth);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	void connect(Exchange& exchange, const auth::Principal& caller);
	void callback(Exchange& exchange, const auth::Principal& caller);

	auth::ConnectionOAuth& _oauth;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ConnectHandlers_INCLUDED
