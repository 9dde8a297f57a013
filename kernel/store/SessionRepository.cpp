//
// SessionRepository.cpp
//


#include "store/SessionRepository.h"
#include <algorithm>
#include "store/PgResult.h"
#include "store/UserRows.h"


namespace polytomic {
namespace store {


SessionRepository::SessionRepository(Database& database):
	_database(database)
{
}


void SessionRepository::createSession(const std::string& idHash, const std::string& userId, const std::string& csrfToken,
	const std::string& method, int lifetimeSeconds)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO sessions (id_hash, user_id, csrf_token, method, expires_at) "
			"VALUES ($1, $2::uuid, $3, $4, now() + make_interval(secs => $5::int))", {idHash, userId, csrfToken, method, std::to_string(lifetimeSeconds)});
	});
}


std::optional<SessionRecord> SessionRepository::touchSession(const std::string& idHash, int idleSeconds)
{
	std::optional<SessionRecord> found;
	_database.runRaw([&](PGconn* conn) {
		// Most requests only read: last_seen_at is written again once it is a tenth of the idle
		// timeout old (at most a minute), not on every request of a browser.
		const std::string refresh = std::to_string(std::max(1, std::min(60, idleSeconds / 10)));
		PgResult r = execute(conn, "SELECT s.last_seen_at < now() - make_interval(secs => $3::int), s.csrf_token, s.method, " + userColumns() + " "
			"FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > now() "
			"AND s.last_seen_at > now() - make_interval(secs => $2::int)", {idHash, std::to_string(idleSeconds), refresh});
		if (!r.rows()) return;
		if (r.value(0, 0) == "t") execute(conn, "UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1", {idHash});
		found = SessionRecord{userAt(r, 0, 3), r.value(0, 1), r.value(0, 2)};
	});
	return found;
}


void SessionRepository::removeSession(const std::string& idHash)
{
	_database.runRaw([&](PGconn* conn) { execute(conn, "DELETE FROM sessions WHERE id_hash = $1", {idHash}); });
}


void SessionRepository::createLink(const std::string& tokenHash, const std::string& userId, int lifetimeSeconds)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES ($1, $2::uuid, now() + make_interval(secs => $3::int))",
			{tokenHash, userId, std::to_string(lifetimeSeconds)});
	});
}


std::optional<UserRecord> SessionRepository::useLink(const std::string& tokenHash)
{
	std::optional<UserRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "UPDATE sign_in_links l SET used_at = now() FROM users u WHERE l.token_hash = $1 AND u.id = l.user_id "
			"AND l.used_at IS NULL AND l.expires_at > now() RETURNING " + userColumns(), {tokenHash});
		if (r.rows()) found = userAt(r, 0, 0);
	});
	return found;
}


bool SessionRepository::savePending(const std::string& stateHash, const PendingSignIn& pending, int lifetimeSeconds, int maxPending)
{
	bool saved = false;
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "DELETE FROM pending_sign_ins WHERE expires_at < now()");
		saved = execute(conn, "INSERT INTO pending_sign_ins (state_hash, provider, nonce, code_verifier, expires_at) "
			"SELECT $1, $2, $3, $4, now() + make_interval(secs => $5::int) WHERE (SELECT count(*) FROM pending_sign_ins) < $6::int RETURNING 1",
			{stateHash, pending.provider, pending.nonce, pending.codeVerifier, std::to_string(lifetimeSeconds), std::to_string(maxPending)}).rows() > 0;
	});
	return saved;
}


std::optional<PendingSignIn> SessionRepository::takePending(const std::string& stateHash)
{
	std::optional<PendingSignIn> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "DELETE FROM pending_sign_ins WHERE state_hash = $1 RETURNING provider, nonce, code_verifier, expires_at > now()",
			{stateHash});
		if (r.rows() && r.value(0, 3) == "t") found = PendingSignIn{r.value(0, 0), r.value(0, 1), r.value(0, 2)};
	});
	return found;
}


void SessionRepository::purgeExpired()
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "DELETE FROM sessions WHERE expires_at < now() - interval '1 day'");
		execute(conn, "DELETE FROM sign_in_links WHERE expires_at < now() - interval '1 day'");
		execute(conn, "DELETE FROM pending_sign_ins WHERE expires_at < now()");
	});
}


} } // namespace polytomic::store
