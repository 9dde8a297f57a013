//
// UserService.h
//
// Definition of the UserService class.
//


#ifndef Polytomic_Auth_UserService_INCLUDED
#define Polytomic_Auth_UserService_INCLUDED


#include "auth/Principal.h"
#include "store/UserRepository.h"
#include <string>
#include <vector>


namespace polytomic {
namespace auth {


class UserService
	/// The users of an organization and their API keys: input checked, the last
	/// admin kept, keys made once and stored only as hashes. Throws the engine's
	/// errors (ValidationError, NotFound, Conflict), which the HTTP layer renders.
{
public:
	explicit UserService(store::UserRepository& users);

	std::vector<store::UserRecord> list(const std::string& organizationId);
	store::UserRecord get(const std::string& organizationId, const std::string& id);
	store::UserRecord create(const std::string& organizationId, const std::string& email, const std::string& role);
	store::UserRecord replace(const std::string& organizationId, const std::string& id, const std::string& email, const std::string& role);
	void remove(const std::string& organizationId, const std::string& id);

	std::string issueUserKey(const Principal& caller, const std::string& userId, bool force);
		/// A new key for the user (the caller must be an admin or that user); the
		/// value is returned once and only its hash is kept. Without force, a user
		/// who has a key gets a Conflict.

	std::string issueOrganizationKey(const std::string& organizationId, bool force);
		/// The organization's own key (admin rights, not tied to a user).

	static std::string checkedEmail(const std::string& email);
		/// The email in lower case; throws ValidationError when it is not one.

private:
	std::string storeNewKey(const std::string& organizationId, const std::string& userId, bool force);

	store::UserRepository& _users;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_UserService_INCLUDED
