//
// ConnectionTypeHandlers.h
//
// Definition of the ConnectionTypeHandlers class.
//


#ifndef Polytomic_Http_ConnectionTypeHandlers_INCLUDED
#define Polytomic_Http_ConnectionTypeHandlers_INCLUDED


#include "http/ApiAccess.h"
#include "http/Router.h"
#include "engine/ConnectionService.h"
#include "plugins/PluginCatalog.h"


namespace polytomic {
namespace http {


class ConnectionTypeHandlers
	/// GET /api/connection_types: every loaded connector (id, name, version,
	/// SDK version, capabilities as the SDK's object of booleans, modes), and
	/// the plugins that were refused, with the reason. GET /api/connection_types/{id}:
	/// the bare JSON Schema of its configuration, asked of the connector once.
	/// POST .../{id}/parameter_values: what a configuration field can be.
{
public:
	ConnectionTypeHandlers(const plugins::PluginCatalog& catalog, engine::ConnectionService& connections);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	void list(Exchange& exchange);
	void describe(Exchange& exchange);
	void parameterValues(Exchange& exchange, const auth::Principal& caller);
	bool usesOAuth(const std::string& type) const;

	const plugins::PluginCatalog& _catalog;
	engine::ConnectionService& _connections;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ConnectionTypeHandlers_INCLUDED
