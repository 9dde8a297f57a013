//
// ConnectionRepository.h
//
// Definition of the ConnectionRepository class.
//


#ifndef Polytomic_Store_ConnectionRepository_INCLUDED
#define Polytomic_Store_ConnectionRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct ConnectionRecord
	/// A connection as stored: non-secret configuration as JSON text, the secret
	/// fields as one encrypted JSON object (or nothing).
{
	std::string id;
	std::string organizationId;
	std::string name;
	std::string type;
	std::string configuration = "{}";
	std::optional<std::string> secrets;
	std::string status = "unknown";
	std::optional<std::string> statusError;
	std::string createdAt;
	std::string updatedAt;
};


class ConnectionRepository
	/// Connections of an organization. Every query is scoped by organization.
{
public:
	explicit ConnectionRepository(Database& database);

	ConnectionRecord create(const ConnectionRecord& connection);
		/// Stores a new connection; returns it with its id and timestamps.

	std::optional<ConnectionRecord> find(const std::string& organizationId, const std::string& id);
		/// Nothing also for an id that is not a UUID.

	std::vector<ConnectionRecord> list(const std::string& organizationId, std::size_t limit, const std::string& after = "");
		/// Oldest first; after is the id of the last connection of the previous page; a limit of 0: all.

	bool update(const ConnectionRecord& connection);
		/// Replaces name, configuration, secrets and status; false when it no longer exists.

	bool remove(const std::string& organizationId, const std::string& id);

	std::vector<ConnectionRecord> all();
		/// Every connection of every organization (for re-encryption).

	void replaceSecrets(const std::string& id, const std::string& secrets);

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ConnectionRepository_INCLUDED
