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
		/// {"objects": [{"id", "name", "fields": [{"name", "type", "nullable"}], "primary_key", "tracking_fields"}]},
		/// with the users' primary-key overrides applied (see withOverrides).

	static json::Value withOverrides(const json::Value& catalog, const std::vector<store::SchemaOverride>& overrides);
		/// The catalog with each overridden object's "primary_key" replaced (the
		/// discovered one kept as "discovered_primary_key") and its user-defined
		/// fields as "user_fields". A bulk sync that discovers on its own applies
		/// SchemaRepository::overrides() with this, so every reader sees one key.

	json::Value userFields(const std::string& organizationId, const std::string& connectionId, const std::string& objectId);
		/// The user-defined fields of an object: [{"field_id", "label", "type", "path", "example"}].

	void upsertFields(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
		const json::Value& fields);
		/// Adds or replaces (by field_id) user-defined fields. Throws NotFound for
		/// an unknown connection or object, ValidationError for a bad field or one
		/// named like a discovered field, of a type not in userFieldTypes(), or
		/// beyond MAX_USER_FIELDS.

	void removeField(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
		const std::string& fieldId);
		/// Removes a user-defined field. A discovered field is refused (ValidationError:
		/// a refresh manages those); an unknown one is NotFound.

	void setPrimaryKey(const std::string& organizationId, const std::string& connectionId, const std::string& objectId,
		const std::vector<std::string>& fields);
		/// Replaces the object's primary key by these discovered fields, in order;
		/// an empty list resets it to the discovered key. A user-defined field is
		/// refused (ValidationError): a bulk sync copies the discovered fields only,
		/// so its records would have no key.

	void resetPrimaryKey(const std::string& organizationId, const std::string& connectionId, const std::string& objectId);

	static const std::vector<std::string>& userFieldTypes();
		/// The types a user-defined field may have: the SDK's UtilFieldType but "unknown".

	static bool listsField(const json::Value& fields, const char* key, const std::string& name);
		/// Whether the array of field objects has one whose key is name
		/// ("name" for discovered fields, "field_id" for user-defined ones).

	static constexpr std::size_t MAX_USER_FIELDS = 500;
		/// User-defined fields per object (each with a path of at most 1000
		/// characters and an example of at most 4 KiB): the override row stays small.

	const json::Value* object(const json::Value& catalog, const std::string& objectId) const;

	const json::Value& requireObject(const json::Value& catalog, const std::string& connectionId, const std::string& objectId) const;
		/// The catalog's object; throws NotFound (404) when the connection has no such object.

	void refresh(const std::string& organizationId, const std::string& connectionId);
		/// Queues a refresh; a refresh already under way is not started twice.

	json::Value status(const std::string& organizationId, const std::string& connectionId);
		/// {"status": "refreshing" | "ready" | "failed" | "never", "refreshed_at", "refresh_started_at", "error"}.

	const plugins::PluginManifest& manifestOf(const std::string& organizationId, const std::string& connectionId);

private:
	json::Value discover(const store::ConnectionRecord& connection);
	json::Value discovered(const store::ConnectionRecord& connection);
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
