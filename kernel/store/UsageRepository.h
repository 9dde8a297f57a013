//
// UsageRepository.h
//
// Definition of the UsageRepository class.
//


#ifndef Polytomic_Store_UsageRepository_INCLUDED
#define Polytomic_Store_UsageRepository_INCLUDED


#include "store/Database.h"
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct DeploymentUsage
	/// Counts over the whole deployment (every organization): what the licence
	/// ping reports. Counts and connector ids only: no names, no queries, no values.
{
	long long syncs = 0;              /// model syncs
	long long activeSyncs = 0;
	long long bulkSyncs = 0;
	long long activeBulkSyncs = 0;
	long long executions = 0;         /// finished executions of both kinds, ever
	long long recordsSynced = 0;      /// records written by them, ever
	std::vector<std::string> connectors; /// the connector ids (types) of the connections, sorted
};


struct ExecutionCount
{
	std::string kind;    /// sync | bulk_sync
	std::string status;  /// queued, running, completed, failed, ...
	long long count = 0;
};


struct RecordCount
{
	std::string kind;      /// sync | bulk_sync
	std::string direction; /// read | written
	std::string result;    /// ok | error
	long long count = 0;
};


class UsageRepository
	/// Deployment-wide counts for the licence (active syncs against the
	/// licence's maximum), the licence ping and the Prometheus metrics.
{
public:
	explicit UsageRepository(Database& database);

	int activeSyncs();
		/// Active model syncs plus active bulk syncs.

	DeploymentUsage usage();

	std::vector<ExecutionCount> executionsByStatus();
		/// Every execution ever recorded, by kind and status.

	std::vector<RecordCount> records();
		/// Records of every finished execution, by kind, direction and result.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_UsageRepository_INCLUDED
