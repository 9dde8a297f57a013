//
// AuditLogRepository.h
//
// Definition of the AuditLogRepository class.
//


#ifndef Polytomic_Store_AuditLogRepository_INCLUDED
#define Polytomic_Store_AuditLogRepository_INCLUDED


#include "store/Database.h"
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct AuditEntry
	/// Who did what, when, from where. Holds ids, names of actions and routes,
	/// never a request body: nothing secret can end up here.
{
	std::string id;
	std::string organizationId;   /// empty: a refused sign-in of nobody we know
	std::string actorType;        /// user | organization | system | anonymous
	std::string actorId;
	std::string actorEmail;
	std::string action;           /// e.g. connection.create, auth.sign_in, auth.sign_in_failed
	std::string method;
	std::string route;            /// the route template, e.g. /api/connections/{id}
	std::string resourceId;
	int status = 0;
	std::string detail;           /// a short reason (refused sign-ins)
	std::string clientAddress;
	std::string requestId;
	std::string createdAt;
};


struct AuditQuery
{
	std::string organizationId;
	std::string action;           /// exact action, or a prefix ending in '.' ("connection.")
	std::string actorId;
	std::size_t limit = 50;
	std::string before;           /// page token: the id of the last entry of the previous page
};


class AuditLogRepository
	/// The audit log, newest first.
{
public:
	explicit AuditLogRepository(Database& database);

	void record(const AuditEntry& entry);

	std::vector<AuditEntry> list(const AuditQuery& query, std::string& nextPageToken);
		/// Entries of the organization and refused sign-ins of unknown people.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_AuditLogRepository_INCLUDED
