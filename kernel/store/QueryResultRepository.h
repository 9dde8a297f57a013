//
// QueryResultRepository.h
//
// Definition of the QueryResultRepository class.
//


#ifndef Polytomic_Store_QueryResultRepository_INCLUDED
#define Polytomic_Store_QueryResultRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct QueryResultRecord
	/// One query of the query runner: its state and, once done, its bounded result.
{
	std::string id;
	std::string organizationId;
	std::string connectionId;
	std::string createdBy;
	std::string status = "running";      /// created | running | done | failed
	std::optional<std::string> fields;   /// JSON array of field names
	std::optional<std::string> results;  /// JSON array of records
	std::optional<long long> count;
	std::optional<std::string> error;
	std::string createdAt;
	std::string expiresAt;
};


class QueryResultRepository
	/// Query runner results, scoped by organization, until they expire.
{
public:
	explicit QueryResultRepository(Database& database);

	QueryResultRecord create(const std::string& organizationId, const std::string& connectionId, const std::string& createdBy,
		int lifetimeSeconds);
		/// A running query that expires lifetimeSeconds from now; the expired ones are deleted first.

	void finish(const std::string& id, const std::string& fields, const std::string& results, long long count);
	void fail(const std::string& id, const std::string& error);

	std::optional<QueryResultRecord> find(const std::string& organizationId, const std::string& id);
		/// Nothing for an expired query, another organization's, or an id that is not a UUID.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_QueryResultRepository_INCLUDED
