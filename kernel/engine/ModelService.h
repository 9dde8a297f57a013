//
// ModelService.h
//
// Definition of the ModelService class.
//


#ifndef Polytomic_Engine_ModelService_INCLUDED
#define Polytomic_Engine_ModelService_INCLUDED


#include "engine/ConnectionService.h"
#include "store/ModelRepository.h"
#include "store/SyncRepository.h"


namespace polytomic {
namespace engine {


class ModelService
	/// Models: a SQL query or a table of a source connection, its identifier
	/// and tracking columns. Its fields come from a preview, which (like a
	/// sample) reads a few records in a short-lived executor.
{
public:
	struct Input
	{
		std::string name;
		std::string connectionId;
		json::Value configuration;     /// {"query": "..."} or {"table": "..."}
		std::string identifier;
		std::vector<std::string> trackingColumns;
		json::Value labels;
		std::vector<std::string> fields;   /// the fields the model exposes; all when empty
		json::Value policies;

		static Input fromJson(const json::Value& body, bool named = true);
			/// Throws ValidationError naming each malformed field, and each
			/// part of the SDK's model this deployment cannot keep (an enricher,
			/// user-added fields, relations) instead of dropping it silently.
	};

	struct Preview
	{
		json::Value fields;    /// [{"name", "type"}]
		json::Value sample;    /// [{field: value}]
		bool cut = false;      /// rows were left out of the sample or a value was cut (its bounds, plugins::Executor::SAMPLE_BYTES and SAMPLE_VALUE_BYTES)
	};

	ModelService(store::ModelRepository& models, store::SyncRepository& syncs, store::ConnectionRepository& connections,
		ConnectionService& connectionService, const plugins::PluginCatalog& catalog, const plugins::Executor& executor);

	store::ModelRecord draft(const std::string& organizationId, const Input& input);
		/// The model the input makes, its fields found by a preview of its
		/// source; not stored (what POST /api/model-preview shows).

	store::ModelRecord create(const std::string& organizationId, const Input& input);
	store::ModelRecord get(const std::string& organizationId, const std::string& id);
	std::vector<store::ModelRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	store::ModelRecord replace(const std::string& organizationId, const std::string& id, const Input& input);
	void remove(const std::string& organizationId, const std::string& id);
		/// Refused (InUse) while a model sync reads it.

	store::ConnectionRecord connectionOf(const std::string& organizationId, const std::string& connectionId);
		/// The connection a model could read; NotFound when the organization has none by that id.

	Preview preview(const std::string& organizationId, const Input& input, int sampleRows = 10);
	json::Value sample(const std::string& organizationId, const std::string& id, int rows = 10);

	void checkQuery(const std::string& organizationId, const std::string& connectionId, const std::string& query);
		/// Whether the query runner may run the query: throws NotFound (connection)
		/// or ValidationError (empty or too long, or a connection that runs no queries).

	json::Value query(const std::string& organizationId, const std::string& connectionId, const std::string& query);
		/// The query runner's query, read as a model's preview (an executor
		/// process; for PostgreSQL one READ ONLY statement under the connection's
		/// statement_timeout): {fields, results, count, truncated}, at most
		/// MAX_QUERY_ROWS rows and QUERY_RESULT_BYTES of JSON; truncated when
		/// rows were left out.

	static json::Value bounded(const json::Value& rows, std::size_t maxBytes, bool& truncated);
		/// The first rows whose JSON fits in maxBytes (truncated set when some were left out).

	static constexpr int MAX_QUERY_ROWS = 1000;
	static constexpr std::size_t QUERY_RESULT_BYTES = plugins::Executor::SAMPLE_BYTES;
		/// The bound of a read's sample, which the query's rows come from.
	static constexpr std::size_t MAX_QUERY_CHARACTERS = 100000;

private:
	store::ModelRepository& _models;
	store::SyncRepository& _syncs;
	store::ConnectionRepository& _connections;
	ConnectionService& _connectionService;
	const plugins::PluginCatalog& _catalog;
	const plugins::Executor& _executor;
};


json::Value modelReadSpec(const json::Value& configuration);
	/// The executor's read of a model: {"query": ...} or {"object": table}.

json::Value exposed(const json::Value& fields, const std::vector<std::string>& names);
	/// The fields named (all when names is empty), in their order.


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ModelService_INCLUDED
