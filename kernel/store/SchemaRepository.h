//
// SchemaRepository.h
//
// Definition of the SchemaRepository class.
//


#ifndef Polytomic_Store_SchemaRepository_INCLUDED
#define Polytomic_Store_SchemaRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct SchemaRecord
{
	std::string connectionId;
	std::string status;                    /// refreshing | ready | failed
	std::optional<std::string> catalog;    /// JSON: the connector's discover answer
	std::optional<std::string> error;
	std::optional<std::string> refreshedAt;
};


class SchemaRepository
	/// The last discovered catalog of each connection and the state of its refresh.
{
public:
	explicit SchemaRepository(Database& database);

	std::optional<SchemaRecord> find(const std::string& connectionId);

	bool startRefresh(const std::string& connectionId);
		/// Marks it refreshing; false when a refresh is already under way (started
		/// less than five minutes ago).

	void saveCatalog(const std::string& connectionId, const std::string& catalog);
	void saveFailure(const std::string& connectionId, const std::string& error);

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SchemaRepository_INCLUDED
