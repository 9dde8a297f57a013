//
// StatusHandlers.cpp
//


#include "http/StatusHandlers.h"
#include "http/HttpError.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace http {


StatusHandlers::StatusHandlers(store::Database& database, std::shared_ptr<cache::Cache> cache, std::string version):
	_database(database),
	_cache(std::move(cache)),
	_version(std::move(version))
{
}


void StatusHandlers::registerRoutes(Router& router)
{
	router.add("GET", "/status.txt", [this](Exchange& e) { liveness(e); });
	router.add("GET", "/status/ready", [this](Exchange& e) { readiness(e); });
}


void StatusHandlers::liveness(Exchange& exchange)
{
	exchange.response().set("Cache-Control", "no-store");
	exchange.sendText(200, "OK\n");
}


void StatusHandlers::readiness(Exchange& exchange)
{
	exchange.response().set("Cache-Control", "no-store");
	Poco::JSON::Object::Ptr cache = new Poco::JSON::Object;
	cache->set("backend", _cache->backend());
	cache->set("status", _cache->healthy() ? "ok" : "unavailable");

	std::string error;
	if (!_database.ping(&error))
	{
		Poco::Logger::get("polytomic.http").warning("not ready: " + error);
		Poco::JSON::Object::Ptr metadata = new Poco::JSON::Object;
		metadata->set("database", "unavailable");
		metadata->set("cache", cache);
		throw HttpError(503, "not_ready", "PostgreSQL does not answer; requests that need it fail until it is back", metadata);
	}
	Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
	data->set("status", "ready");
	data->set("version", _version);
	data->set("database", "ok");
	data->set("cache", cache);
	exchange.sendData(200, data);
}


} } // namespace polytomic::http
