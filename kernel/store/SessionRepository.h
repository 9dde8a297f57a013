//
// SessionRepository.h
//
// Definition of the SessionRepository class.
//


#ifndef Polytomic_Store_SessionRepository_INCLUDED
#define Polytomic_Store_SessionRepository_INCLUDED


#include "store/Database.h"
#include "store/UserRepository.h"
#include <optional>
#include <string>


namespace polytomic {
namespace store {


struct SessionRecord
{
	UserRecord user;
	std::string csrfToken;
	std::string method;       /// how the user signed in: google | oidc | link
};


struct PendingSignIn
	/// An OpenID Connect sign-in between the redirect to the provider and its answer.
{
	std::string provider;
	std::string nonce;
	std::string codeVerifier;
};


class SessionRepository
	/// Server-side sessions of the web UI, one-time sign-in links and pending
	/// OpenID Connect sign-ins. Session ids, link tokens and states are stored
	/// as SHA-256 hashes: a copy of the table opens no session.
{
public:
	explicit SessionRepository(Database& database);

	void createSession(const std::string& idHash, const std::string& userId, const std::string& csrfToken, const std::string& method,
		int lifetimeSeconds);

	std::optional<SessionRecord> touchSession(const std::string& idHash, int idleSeconds);
		/// The session, when neither its idle nor its absolute expiry has passed;
		/// its idle clock starts again (recorded once it is a tenth of the idle
		/// timeout old, at most a minute, so most requests write nothing).

	void removeSession(const std::string& idHash);

	void createLink(const std::string& tokenHash, const std::string& userId, int lifetimeSeconds);

	std::optional<UserRecord> useLink(const std::string& tokenHash);
		/// The link's user, once: a used or expired link gives nothing.

	bool savePending(const std::string& stateHash, const PendingSignIn& pending, int lifetimeSeconds, int maxPending);
		/// False, saving nothing, when maxPending sign-ins are pending already
		/// (anyone may start one: the table must not grow without bound).

	std::optional<PendingSignIn> takePending(const std::string& stateHash);
		/// The pending sign-in of this state, removed: a state works once.

	void purgeExpired();

private:
	Database& _database;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_SessionRepository_INCLUDED
