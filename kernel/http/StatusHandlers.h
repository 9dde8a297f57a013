//
// StatusHandlers.h
//
// Definition of the StatusHandlers class.
//


#ifndef Polytomic_Http_StatusHandlers_INCLUDED
#define Polytomic_Http_StatusHandlers_INCLUDED


#include "http/Router.h"
#include "cache/Cache.h"
#include "store/Database.h"
#include <memory>


namespace polytomic {
namespace http {


class StatusHandlers
	/// GET /status.txt: liveness, answered from memory (no database round trip).
	/// GET /status/ready: readiness; 200 when PostgreSQL answers, else 503,
	/// with the state of the cache (Redis being down does not make it unready).
{
public:
	StatusHandlers(store::Database& database, std::shared_ptr<cache::Cache> cache, std::string version);

	void registerRoutes(Router& router);

private:
	void liveness(Exchange& exchange);
	void readiness(Exchange& exchange);

	store::Database& _database;
	std::shared_ptr<cache::Cache> _cache;
	std::string _version;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_StatusHandlers_INCLUDED
