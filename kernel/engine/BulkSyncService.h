//
// BulkSyncService.h
//
// Definition of the BulkSyncService class.
//


#ifndef Polytomic_Engine_BulkSyncService_INCLUDED
#define Polytomic_Engine_BulkSyncService_INCLUDED


#include "license/LicenseGate.h"
#include "plugins/PluginCatalog.h"
#include "polytomic/json.hpp"
#include "engine/BodyFields.h"
#include "engine/SchemaService.h"
#include "engine/WebhookService.h"
#include "store/BulkSyncRepository.h"
#include "store/ConnectionRepository.h"


namespace polytomic {
namespace engine {


class BulkSyncService
	/// Bulk syncs (ETL): which objects of a source connection go into which
	/// destination, under snapshot (the tables end equal to the source) or
	/// replicate (incremental on a tracking field, upserted on the primary key);
	/// starting, cancelling and following their executions.
{
public:
	struct Input
	{
		std::string name;
		std::string sourceConnectionId;
		std::string destinationConnectionId;
		json::Value destinationConfiguration;
		std::string mode;
		json::Value schemas;   /// null: every object of the source
		json::Value schedule;
		bool active = true;

		static Input fromJson(const json::Value& body);
			/// Throws ValidationError naming each malformed field, and each setting
			/// of the SDK's CreateBulkSyncRequest this server cannot honour.
	};

	static json::Value schemaFromJson(const json::Value& item, const std::string& path, FieldErrors& errors);
		/// One schema's settings as stored: {id, enabled, fields? (names; absent:
		/// all), tracking_field?, user_output_name?} from a schema id or the SDK's
		/// SchemaConfiguration / UpdateBulkSchema (an empty field list: all fields).
		/// Settings it cannot honour (filters, partition_key, data cutoffs,
		/// obfuscation) are errors at path.

	static uint32_t writeMode(const std::string& mode);
		/// How a bulk sync of the mode writes: snapshot in the destination's
		/// snapshot mode, replicate in its updateOrCreate mode (POLYTOMIC_MODE_*).

	static std::string outputName(const json::Value& schema);
		/// The destination table of a schema's settings: its user_output_name, else
		/// the object's name without its schema ("public.users" -> "users").

	std::vector<store::BulkSyncRecord> all(const std::string& organizationId);
		/// Every bulk sync of the organization, oldest first (the SDK's list takes no page token).

	struct StartOptions
	{
		json::Value schemas = json::Value::array(); /// ids of the schemas to copy (empty: every enabled one)
		bool resync = false;                         /// read everything again (replicate ignores its saved state)
		bool test = false;                           /// check the source's objects, copy nothing

		static StartOptions fromJson(const json::Value& body);
			/// The SDK's StartBulkSyncRequest; throws ValidationError.
		json::Value toJson() const;
	};

	BulkSyncService(store::BulkSyncRepository& syncs, store::ConnectionRepository& connections, const plugins::PluginCatalog& catalog,
		WebhookService* events = nullptr, const license::LicenseGate* gate = nullptr, SchemaService* schemas = nullptr);
		/// With schemas, a bulk sync created without schemas gets every object of its source.
		/// With a gate, the licence is enforced: creating or activating a sync
		/// beyond its active syncs, a sync on a connector it does not include, or
		/// starting a run past its grace period, throws license::LicenseRefused.

	store::BulkSyncRecord create(const std::string& organizationId, const Input& input);
	store::BulkSyncRecord get(const std::string& organizationId, const std::string& id);
	std::vector<store::BulkSyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	store::BulkSyncRecord replace(const std::string& organizationId, const std::string& id, const Input& input);
		/// PUT: everything but the schemas when the input has none (they keep theirs).
	void remove(const std::string& organizationId, const std::string& id);

	store::BulkSyncRecord activate(const std::string& organizationId, const std::string& id, bool active);
		/// Pausing also cancels the execution queued or running.

	store::ExecutionRecord start(const std::string& organizationId, const std::string& id, const StartOptions& options);
		/// Queues an execution; throws Conflict when one is already queued or running,
		/// ValidationError when a schema to copy is not one of the sync's enabled ones.

	void cancel(const std::string& organizationId, const std::string& id);
	void cancelExecution(const std::string& organizationId, const std::string& id, const std::string& executionId);
		/// Cancels that execution; Conflict when it is not queued or running.
	void cancelSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId);
		/// Takes one schema out of the queued or running execution: the runner skips
		/// it, or stops its copy when it is under way (the destination keeps what it
		/// had), and goes on with the others. Conflict when no execution is queued or
		/// running, or the schema's copy has ended already.
	store::ExecutionRecord execution(const std::string& organizationId, const std::string& id, const std::string& executionId);
	std::vector<store::ExecutionRecord> executions(const std::string& organizationId, const std::string& id, std::size_t limit);
	std::vector<store::ExecutionRecord> executions(const std::string& organizationId, const std::string& id, const store::BulkExecutionPage& page);

	json::Value schemas(const std::string& organizationId, const std::string& id);
		/// Its schemas' settings, as schemaFromJson stores them.
	json::Value schema(const std::string& organizationId, const std::string& id, const std::string& schemaId);
	json::Value replaceSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId, const json::Value& body);
		/// PUT: the schema's settings become the body's (absent ones their defaults); a schema of the source not yet listed is added.
	json::Value patchSchemas(const std::string& organizationId, const std::string& id, const json::Value& items);
		/// Each item (matched by id) changes only the settings it has, except that
		/// a schema without fields copies every field; returns every schema.

	std::vector<store::BulkSyncScheduleRecord> schedules(const std::string& organizationId, const std::string& id);
	store::BulkSyncScheduleRecord schedule(const std::string& organizationId, const std::string& id, const std::string& scheduleId);
	store::BulkSyncScheduleRecord addSchedule(const std::string& organizationId, const std::string& id, const json::Value& schedule);
	store::BulkSyncScheduleRecord replaceSchedule(const std::string& organizationId, const std::string& id, const std::string& scheduleId,
		const json::Value& schedule);
	void removeSchedule(const std::string& organizationId, const std::string& id, const std::string& scheduleId);
	std::optional<std::string> nextExecutionTime(const std::string& id);

	struct Status
	{
		std::optional<store::ExecutionRecord> current;
		std::optional<store::ExecutionRecord> last;
	};
	Status status(const std::string& organizationId, const std::string& id);

private:
	store::BulkSyncRecord prepare(const std::string& organizationId, const Input& input);
	json::Value everySchema(const std::string& organizationId, const std::string& sourceConnectionId);
	json::Value storeSchema(const std::string& organizationId, const std::string& id, const std::string& schemaId,
		const std::string& path, const std::function<json::Value(const json::Value& current)>& change);
	void checkFields(const std::string& organizationId, const std::string& sourceConnectionId, const json::Value& schemas,
		const std::string& path);
		/// Refuses (ValidationError naming path[i], or path itself for one schema not of "schemas") settings that name a field or tracking field
		/// the source's object does not have: the run would drop it without a word.

	store::BulkSyncRepository& _syncs;
	store::ConnectionRepository& _connections;
	const plugins::PluginCatalog& _catalog;
	WebhookService* _events;
	const license::LicenseGate* _gate;
	SchemaService* _schemaService;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_BulkSyncService_INCLUDED
