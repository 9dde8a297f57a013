//
// SchemaService.h
//
// Definition of the SchemaService class.
//


#ifndef Polytomic_Engine_SchemaService_INCLUDED
#define Polytomic_Engine_SchemaService_INCLUDED


#include "cache/Cache.h"
#include "engine/ConnectionService.h"
#include "store/SchemaRepository.h"
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>


namespace polytomic {
namespace engine {


class SchemaService
	/// The objects a connection offers (its connector's discover answer):
	/// kept in PostgreSQL, read through the cache (Redis when configured), and
	/// refreshed on request in the background, one connection at a time, in a
	/// short-lived executor. The first read of a connection never discovered,
	/// or changed since, discovers it while the caller waits.
{
public:
	SchemaService(store::SchemaRepository& schemas, ConnectionService& connections, const plugins::PluginCatalog& catalog,
		const plugins::Executor& executor, cache::Cache& cache);
	~SchemaService();

	json::Value catalog(const std::string& organizationId, const std::string& connectionId);
		/// {"objects": [{"id", "name", "fields": [{"name", "type", "nullable"}], "primary_key", "tracking_fields"}]}.

	const json::Value* object(const json::Value& catalog, const std::string& objectId) const;

	void refresh(const std::string& organizationId, const std::string& connectionId);
		/// Queues a refresh; a refresh already under way is not started twice.

	json::Value status(const std::string& organizationId, const std::string& connectionId);
		/// {"status": "refreshing" | "ready" | "failed" | "never", "refreshed_at", "error"}.

	const plugins::PluginManifest& manifestOf(const std::string& organizationId, const std::string& connectionId);

private:
	json::Value discover(const store::ConnectionRecord& connection);
	void store(const store::ConnectionRecord& connection, const json::Value& catalog);
	void loop();

	store::SchemaRepository& _schemas;
	ConnectionService& _connections;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
	cache::Cache& _cache;
	std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<store::ConnectionRecord> _queue;
	bool _stopping = false;
	std::thread _thread;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_SchemaService_INCLUDED
