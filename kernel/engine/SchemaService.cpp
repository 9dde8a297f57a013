//
// SchemaService.cpp
//


#include "engine/SchemaService.h"
#include "engine/EngineError.h"
#include "plugins/PluginError.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace engine {


namespace
{
	std::string cacheKey(const store::ConnectionRecord& connection)
		/// Changes with the connection: a catalog of its former configuration is never served.
	{
		return "schemas:" + connection.id + ":" + connection.updatedAt;
	}

	const std::chrono::seconds CACHE_TTL(3600);
}


SchemaService::SchemaService(store::SchemaRepository& schemas, ConnectionService& connections, const plugins::PluginCatalog& catalog,
	const plugins::Executor& executor, cache::Cache& cache):
	_schemas(schemas),
	_connections(connections),
	_catalog(catalog),
	_executor(executor),
	_cache(cache),
	_thread([this] { loop(); })
{
}


SchemaService::~SchemaService()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
	}
	_wake.notify_all();
	_thread.join();
}


const plugins::PluginManifest& SchemaService::manifestOf(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest) throw CheckFailed("the connection type '" + connection.type + "' is not loaded");
	return *manifest;
}


json::Value SchemaService::discover(const store::ConnectionRecord& connection)
{
	const plugins::PluginManifest* manifest = _catalog.find(connection.type);
	if (!manifest) throw CheckFailed("the connection type '" + connection.type + "' is not loaded");
	json::Value request = json::Value::object();
	request.set("plugin", manifest->path);
	request.set("operation", "discover");
	request.set("config", _connections.configuration(connection));
	try
	{
		return _executor.run(request);
	}
	catch (const plugins::ConnectorError& e)
	{
		throw CheckFailed(std::string("the connector could not list its objects: ") + e.what());
	}
}


void SchemaService::store(const store::ConnectionRecord& connection, const json::Value& catalog)
{
	const std::string text = catalog.dump();
	_schemas.saveCatalog(connection.id, text);
	_cache.set(cacheKey(connection), text, CACHE_TTL);
}


json::Value SchemaService::catalog(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	if (auto cached = _cache.get(cacheKey(connection))) return json::Value::parse(*cached);
	// A catalog discovered before the connection last changed describes something else: discover again.
	if (auto saved = _schemas.find(connection.id))
		if (saved->catalog && saved->refreshedAt && *saved->refreshedAt >= connection.updatedAt)
		{
			_cache.set(cacheKey(connection), *saved->catalog, CACHE_TTL);
			return json::Value::parse(*saved->catalog);
		}
	json::Value found = discover(connection);
	store(connection, found);
	return found;
}


const json::Value* SchemaService::object(const json::Value& catalog, const std::string& objectId) const
{
	for (const auto& o: catalog["objects"].items())
		if (o.getString("id") == objectId) return &o;
	return nullptr;
}


void SchemaService::refresh(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	if (!_schemas.startRefresh(connection.id)) return;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_queue.push_back(connection);
	}
	_wake.notify_all();
}


json::Value SchemaService::status(const std::string& organizationId, const std::string& connectionId)
{
	const store::ConnectionRecord connection = _connections.get(organizationId, connectionId);
	json::Value out = json::Value::object();
	auto saved = _schemas.find(connection.id);
	out.set("status", saved ? saved->status : std::string("never"));
	out.set("refreshed_at", saved && saved->refreshedAt ? json::Value(*saved->refreshedAt) : json::Value());
	out.set("error", saved && saved->error ? json::Value(*saved->error) : json::Value());
	return out;
}


void SchemaService::loop()
{
	std::unique_lock<std::mutex> lock(_mutex);
	while (true)
	{
		_wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
		if (_stopping) return;
		const store::ConnectionRecord connection = _queue.front();
		_queue.pop_front();
		lock.unlock();
		try
		{
			store(connection, discover(connection));
		}
		catch (const std::exception& e)
		{
			try
			{
				_schemas.saveFailure(connection.id, e.what());
			}
			catch (const std::exception& again)
			{
				Poco::Logger::get("polytomic.schemas").warning("connection " + connection.id + ": " + again.what());
			}
		}
		lock.lock();
	}
}


} } // namespace polytomic::engine
