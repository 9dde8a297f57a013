//
// OrganizationRepository.h
//
// Definition of the OrganizationRepository class.
//


#ifndef Polytomic_Store_OrganizationRepository_INCLUDED
#define Polytomic_Store_OrganizationRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct OrganizationRecord
{
	std::string id;
	std::string name;
	std::string createdAt;
	std::string updatedAt;
};


class OrganizationRepository
	/// Organizations and the users who belong to them.
{
public:
	explicit OrganizationRepository(Database& database);

	bool createFirstOrganization(const std::string& organizationName, const std::string& rootEmail);
		/// First run: when no user exists at all, creates the organization and
		/// rootEmail as its admin and returns true; otherwise changes nothing and
		/// returns false. Safe when several replicas start together (one
		/// transaction under an advisory lock), so a later change of ROOT_USER
		/// never creates a second root.

	int countUsers();

	bool exists(const std::string& organizationId);
		/// False also for a string that is not a UUID.

	std::optional<OrganizationRecord> find(const std::string& organizationId);

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_OrganizationRepository_INCLUDED
