//
// NotificationRepository.h
//
// Definition of the NotificationRepository class.
//


#ifndef Polytomic_Store_NotificationRepository_INCLUDED
#define Polytomic_Store_NotificationRepository_INCLUDED


#include "store/Database.h"
#include <string>
#include <vector>


namespace polytomic {
namespace store {


class NotificationRepository
	/// Who an organization notifies: its global error subscribers, the
	/// addresses emailed when one of its runs fails.
{
public:
	explicit NotificationRepository(Database& database);

	std::vector<std::string> errorSubscribers(const std::string& organizationId);
		/// In the order of their addresses.

	void replaceErrorSubscribers(const std::string& organizationId, const std::vector<std::string>& emails);
		/// In one transaction: the subscribers are exactly `emails` afterwards.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_NotificationRepository_INCLUDED
