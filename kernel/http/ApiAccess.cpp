//
// ApiAccess.cpp
//


#include "http/ApiAccess.h"
#include "http/HttpError.h"


namespace polytomic {
namespace http {


ApiAccess::ApiAccess(const auth::ApiAuthenticator& authenticator):
	_authenticator(authenticator)
{
}


Router::Handler ApiAccess::guard(Handler handler) const
{
	return [this, handler](Exchange& exchange) {
		auto principal = _authenticator.authenticate(exchange.request());
		if (!principal)
		{
			exchange.response().set("WWW-Authenticate", "Basic realm=\"polytomic\"");
			throw HttpError(401, "unauthorized", _authenticator.configured()
				? "authenticate with Authorization: Basic base64(<organization id>:<DEPLOYMENT_API_KEY>)"
				: "the API cannot be used yet: set DEPLOYMENT_API_KEY on the server, then authenticate with "
				  "Authorization: Basic base64(<organization id>:<DEPLOYMENT_API_KEY>)");
		}
		handler(exchange, *principal);
	};
}


} } // namespace polytomic::http
