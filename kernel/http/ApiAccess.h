//
// ApiAccess.h
//
// Definition of the ApiAccess class.
//


#ifndef Polytomic_Http_ApiAccess_INCLUDED
#define Polytomic_Http_ApiAccess_INCLUDED


#include "auth/ApiAuthenticator.h"
#include "http/Exchange.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ApiAccess
	/// Wraps API handlers so that each runs only for an authenticated caller;
	/// anyone else gets 401 with a JSON body that says how to authenticate.
{
public:
	using Handler = std::function<void(Exchange&, const auth::Principal&)>;

	explicit ApiAccess(const auth::ApiAuthenticator& authenticator);

	Router::Handler guard(Handler handler) const;

private:
	const auth::ApiAuthenticator& _authenticator;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ApiAccess_INCLUDED
