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
#include <vector>


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

	std::vector<OrganizationRecord> list();
		/// Every organization of the deployment, oldest first (a deployment has a handful).

	enum class Outcome
	{
		DONE,
		NOT_FOUND,
		DUPLICATE,   /// refused: another organization has this name (case-insensitive)
		IN_USE       /// refused: the organization still has connections
	};

	Outcome create(const std::string& name, OrganizationRecord& created);
	Outcome rename(const std::string& organizationId, const std::string& name, OrganizationRecord& renamed);
		/// Names are unique in the deployment: both check under one advisory lock, so two
		/// concurrent requests cannot make the same name twice.

	Outcome remove(const std::string& organizationId);
		/// Deletes the organization with its users, keys, events and webhooks; refused
		/// while it has connections (so no model, sync or execution of it is left running).

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_OrganizationRepository_INCLUDED
