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
#include <vector>


namespace polytomic {
namespace store {


struct SchemaRecord
{
	std::string connectionId;
	std::string status;                    /// refreshing | ready | failed
	std::optional<std::string> catalog;    /// JSON: the connector's discover answer
	std::optional<std::string> error;
	std::optional<std::string> refreshedAt;
	std::optional<std::string> refreshStartedAt;
};


struct SchemaOverride
	/// What users said about one schema of a connection: its primary key in
	/// place of the discovered one, and the fields they defined.
{
	std::string schemaId;
	std::optional<std::string> primaryKey; /// JSON array of field names; nothing: the discovered key
	std::string userFields = "[]";         /// JSON array of {"field_id", "label", "type", "path", "example"}
};


class SchemaRepository
	/// The last discovered catalog of each connection and the state of its refresh.
{
public:
	explicit SchemaRepository(Database& database);

	std::optional<SchemaRecord> find(const std::string& connectionId);

	std::optional<std::string> refreshedAt(const std::string& connectionId);
		/// When the stored catalog was discovered (SchemaRecord::refreshedAt) without
		/// reading the catalog: the version a cached copy is checked against.

	bool startRefresh(const std::string& connectionId);
		/// Marks it refreshing; false when a refresh is already under way (started
		/// less than five minutes ago).

	void saveCatalog(const std::string& connectionId, const std::string& catalog);
	void saveFailure(const std::string& connectionId, const std::string& error);

	std::vector<SchemaOverride> overrides(const std::string& connectionId);
		/// Every schema of the connection that users changed.

	void savePrimaryKey(const std::string& connectionId, const std::string& schemaId, const std::optional<std::string>& primaryKey);
		/// Replaces the override (a JSON array of field names); nothing removes it.

	void upsertUserFields(const std::string& connectionId, const std::string& schemaId, const std::string& fields);
		/// Adds the fields (a JSON array), replacing those with the same field_id,
		/// in one statement (concurrent upserts of one schema do not lose fields).

	bool removeUserField(const std::string& connectionId, const std::string& schemaId, const std::string& fieldId);
		/// False when the schema has no user-defined field of that id.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SchemaRepository_INCLUDED
