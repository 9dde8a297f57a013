//
// ModelRepository.h
//
// Definition of the ModelRepository class.
//


#ifndef Polytomic_Store_ModelRepository_INCLUDED
#define Polytomic_Store_ModelRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct ModelRecord
{
	std::string id;
	std::string organizationId;
	std::string name;
	std::string connectionId;
	std::string configuration = "{}";    /// JSON: {"query": ...} or {"table": ...}
	std::optional<std::string> identifier;
	std::string trackingColumns = "[]";  /// JSON array of field names
	std::string labels = "[]";
	std::string fields = "[]";           /// JSON: [{"name", "type"}] from the last preview
	std::string policies = "[]";         /// JSON array of policy ids
	std::string createdAt;
	std::string updatedAt;
};


class ModelRepository
	/// Models: a query or a table on a source connection, with the fields its
	/// last preview found.
{
public:
	explicit ModelRepository(Database& database);

	ModelRecord create(const ModelRecord& model);
	std::optional<ModelRecord> find(const std::string& organizationId, const std::string& id);
	std::vector<ModelRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after);
	bool update(const ModelRecord& model);
	bool remove(const std::string& organizationId, const std::string& id);
	bool usesConnection(const std::string& connectionId);
	void removeUsing(const std::string& connectionId);
		/// Deletes the models on that connection and the syncs from them.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ModelRepository_INCLUDED
