//
// BulkSyncRepository.h
//
// Definition of the BulkSyncRepository class.
//


#ifndef Polytomic_Store_BulkSyncRepository_INCLUDED
#define Polytomic_Store_BulkSyncRepository_INCLUDED


#include "store/Database.h"
#include "store/ExecutionQueue.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct BulkSyncRecord
{
	std::string id;
	std::string organizationId;
	std::string name;
	std::string sourceConnectionId;
	std::string destinationConnectionId;
	std::string destinationConfiguration = "{}"; /// JSON
	std::string mode;                            /// snapshot | replicate
	std::string schedule = "{\"frequency\":\"manual\"}";
	std::string schemas = "[]";                  /// JSON array of {"id": ...}
	bool active = true;
	std::string createdAt;
	std::string updatedAt;
};


class BulkSyncRepository
	/// Bulk syncs, their executions (a job queue, see ExecutionQueue) and their
	/// per-object state.
{
public:
	explicit BulkSyncRepository(Database& database);

	BulkSyncRecord create(const BulkSyncRecord& sync);
	std::optional<BulkSyncRecord> find(const std::string& organizationId, const std::string& id);
	std::vector<BulkSyncRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	bool update(const BulkSyncRecord& sync);
	bool remove(const std::string& organizationId, const std::string& id);
	bool usesConnection(const std::string& connectionId);
	void removeUsing(const std::string& connectionId);
		/// Deletes every bulk sync from or to that connection (with their executions).

	ExecutionQueue& executions();
		/// Its executions: the job queue of bulk syncs.

	std::optional<BulkSyncRecord> findById(const std::string& id);

	std::optional<std::string> state(const std::string& bulkSyncId, const std::string& schemaId);
	void saveState(const std::string& bulkSyncId, const std::string& schemaId, const std::string& state);
	void clearStates(const std::string& bulkSyncId);

private:
	Database& _database;
	ExecutionQueue _executions;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_BulkSyncRepository_INCLUDED
