//
// OAuthStateRepository.h
//
// Definition of the OAuthStateRepository class.
//


#ifndef Polytomic_Store_OAuthStateRepository_INCLUDED
#define Polytomic_Store_OAuthStateRepository_INCLUDED


#include "store/Database.h"
#include <functional>
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct OAuthState
	/// A connection's sign-in in progress (oauth_states, migration 016).
{
	std::string stateHash;                    /// SHA-256 (hex) of the state sent to the provider
	std::string organizationId;
	std::string startedBy;                    /// who started it; only they may finish it
	std::string connectionType;
	std::optional<std::string> connectionId;  /// a connection to sign in again, or nothing for a new one
	std::string name;                         /// of the new connection
	std::string configuration = "{}";         /// of the new connection (JSON, no secrets)
	std::string returnUrl;                    /// where the browser goes afterwards
	std::optional<std::string> codeVerifier;  /// PKCE, SecretBox ciphertext
};


class OAuthStateRepository
	/// Sign-ins in progress: each state is used once, by who started it, before it expires.
{
public:
	enum class Claim
	{
		CLAIMED,        /// the state is now used
		UNKNOWN,        /// no such state
		ANOTHER_USER,   /// started by someone else (left unused)
		USED,           /// used before
		EXPIRED
	};

	explicit OAuthStateRepository(Database& database);

	void create(const OAuthState& state, int lifetimeSeconds);
		/// Also deletes the states that expired a day ago or more.

	Claim claim(const std::string& stateHash, const std::string& by, OAuthState& claimed);
		/// Marks the state used when by started it and it is neither used nor expired.

	std::size_t reseal(const std::function<std::optional<std::string>(const std::string& sealed)>& reseal);
		/// Replaces the code verifier of every sign-in still to finish for which reseal gives new
		/// ciphertext (a secrets rotation); returns how many changed.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_OAuthStateRepository_INCLUDED
