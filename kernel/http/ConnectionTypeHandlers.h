//
// ConnectionTypeHandlers.h
//
// Definition of the ConnectionTypeHandlers class.
//


#ifndef Polytomic_Http_ConnectionTypeHandlers_INCLUDED
#define Polytomic_Http_ConnectionTypeHandlers_INCLUDED


#include "http/ApiAccess.h"
#include "http/Router.h"
#include "plugins/Executor.h"
#include "plugins/PluginCatalog.h"


namespace polytomic {
namespace http {


class ConnectionTypeHandlers
	/// GET /api/connection_types: every loaded connector (id, name, version,
	/// SDK version, capabilities, modes), and the plugins that were refused,
	/// with the reason. GET /api/connection_types/{id}: the JSON Schema of its
	/// configuration, asked of the connector in an executor process.
{
public:
	ConnectionTypeHandlers(const plugins::PluginCatalog& catalog, const plugins::Executor& executor);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	void list(Exchange& exchange);
	void describe(Exchange& exchange);

	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ConnectionTypeHandlers_INCLUDED
