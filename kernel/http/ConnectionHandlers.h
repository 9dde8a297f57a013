//
// ConnectionHandlers.h
//
// Definition of the ConnectionHandlers class.
//


#ifndef Polytomic_Http_ConnectionHandlers_INCLUDED
#define Polytomic_Http_ConnectionHandlers_INCLUDED


#include "auth/ConnectionOAuth.h"
#include "engine/ConnectionService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ConnectionHandlers
	/// /api/connections: list (whole, or pages with ?limit), create, get,
	/// replace (PUT, type optional), delete, /api/connections/test (a failed
	/// check is 422), .../{id}/parameter_values; sharing (partner accounts) is
	/// refused with what to do instead (connect is ConnectHandlers'). Secrets are
	/// redacted in every response.
{
public:
	ConnectionHandlers(engine::ConnectionService& connections, const plugins::PluginCatalog& catalog);

	void registerRoutes(Router& router, const ApiAccess& access);

	void signInWith(auth::ConnectionOAuth* oauth);
		/// A connection of a type that signs in with OAuth is then created awaiting its
		/// sign-in, and the answer carries its auth_url (to redirect_url afterwards).

private:
	void list(Exchange& exchange, const auth::Principal& caller);
	void create(Exchange& exchange, const auth::Principal& caller);
	void get(Exchange& exchange, const auth::Principal& caller);
	void replace(Exchange& exchange, const auth::Principal& caller);
	void remove(Exchange& exchange, const auth::Principal& caller);
	void test(Exchange& exchange, const auth::Principal& caller);
	void parameterValues(Exchange& exchange, const auth::Principal& caller);
	void share(Exchange& exchange, const auth::Principal& caller);

	json::Value toJson(const store::ConnectionRecord& connection) const;
	static engine::ConnectionService::Input input(Exchange& exchange, bool typeRequired);

	engine::ConnectionService& _connections;
	const plugins::PluginCatalog& _catalog;
	auth::ConnectionOAuth* _oauth = nullptr;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ConnectionHandlers_INCLUDED
