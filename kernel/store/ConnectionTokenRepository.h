//
// ConnectionTokenRepository.h
//
// Definition of the ConnectionTokenRepository class.
//


#ifndef Polytomic_Store_ConnectionTokenRepository_INCLUDED
#define Polytomic_Store_ConnectionTokenRepository_INCLUDED


#include "store/Database.h"
#include <functional>
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct ConnectionTokens
	/// The OAuth tokens of a connection, as stored: encrypted, the expiry in the clear.
{
	std::string connectionId;
	std::string tokens;                  /// SecretBox ciphertext of the token answer's JSON
	std::optional<long long> expiresAt;  /// seconds since the epoch; nothing when the provider gave no expiry
};


class ConnectionTokenRepository
	/// connection_tokens (migration 016), and the status a connection's sign-in
	/// gives it ("reconnect" when its refresh token was refused).
{
public:
	explicit ConnectionTokenRepository(Database& database);

	std::optional<ConnectionTokens> find(const std::string& connectionId);

	void save(const ConnectionTokens& tokens);
		/// Inserts or replaces the connection's tokens.

	std::optional<ConnectionTokens> update(const std::string& connectionId,
		const std::function<std::optional<ConnectionTokens>(const std::optional<ConnectionTokens>& stored)>& change);
		/// Holds the connection's row locked (SELECT ... FOR UPDATE) while change decides:
		/// what it returns is saved, so that two workers never refresh the same tokens at
		/// once (a provider that rotates refresh tokens would refuse the second). Returns
		/// the tokens stored afterwards.

	void setStatus(const std::string& connectionId, const std::string& status, const std::optional<std::string>& error);

	std::size_t reseal(const std::function<std::optional<std::string>(const std::string& sealed)>& reseal);
		/// Replaces the tokens of every connection for which reseal gives new ciphertext (a
		/// secrets rotation), each row locked while it changes; returns how many changed.

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_ConnectionTokenRepository_INCLUDED
