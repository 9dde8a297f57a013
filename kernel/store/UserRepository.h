//
// UserRepository.h
//
// Definition of the UserRepository class.
//


#ifndef Polytomic_Store_UserRepository_INCLUDED
#define Polytomic_Store_UserRepository_INCLUDED


#include "store/Database.h"
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace store {


struct UserRecord
{
	std::string id;
	std::string organizationId;
	std::string email;          /// lower case
	std::string role;           /// admin | member | viewer
	std::string createdAt;
	std::string updatedAt;
};


struct KeyOwner
	/// Whom an API key belongs to: a user (userId set) or the organization itself.
{
	std::string organizationId;
	std::optional<UserRecord> user;
};


class UserRepository
	/// The users of an organization and their API keys (stored as SHA-256 hashes).
	///
	/// Every change of a role or removal of a user runs in one transaction under
	/// a per-organization advisory lock, so that two admins demoting each other at
	/// the same moment cannot leave the organization without an admin.
{
public:
	enum class Outcome
	{
		DONE,
		NOT_FOUND,
		LAST_ADMIN,   /// refused: the organization would be left without an admin
		DUPLICATE     /// refused: another user of the organization has this email
	};

	explicit UserRepository(Database& database);

	std::vector<UserRecord> list(const std::string& organizationId);
	std::optional<UserRecord> find(const std::string& organizationId, const std::string& id);

	std::optional<UserRecord> findByEmail(const std::string& email);
		/// The user with this (lower-case) email, in the oldest organization that has one.

	Outcome create(const std::string& organizationId, const std::string& email, const std::string& role, UserRecord& created);
	Outcome update(const std::string& organizationId, const std::string& id, const std::string& email, const std::string& role,
		UserRecord& updated);
	Outcome remove(const std::string& organizationId, const std::string& id);

	enum class KeyOutcome
	{
		CREATED,
		EXISTS,      /// a key exists and force was false: nothing changed
		NOT_FOUND    /// no such user
	};

	KeyOutcome storeKey(const std::string& organizationId, const std::string& userId, const std::string& keyHash, bool force);
		/// Gives the user (or, with an empty userId, the organization) the key
		/// whose hash is keyHash, replacing (force) the one it had.

	std::optional<KeyOwner> findKey(const std::string& keyHash);
		/// The owner of the key, and notes when it was last used.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_UserRepository_INCLUDED
