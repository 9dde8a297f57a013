//
// OAuthStateRepository.cpp
//


#include "store/OAuthStateRepository.h"
#include "store/PgResult.h"


namespace polytomic {
namespace store {


OAuthStateRepository::OAuthStateRepository(Database& database):
	_database(database)
{
}


void OAuthStateRepository::create(const OAuthState& s, int lifetimeSeconds)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'");
		execute(conn, "INSERT INTO oauth_states (state_hash, organization_id, started_by, connection_type, connection_id, name, configuration, "
			"return_url, code_verifier, expires_at) VALUES ($1, $2::uuid, $3, $4, $5::uuid, $6, $7::jsonb, $8, $9, now() + $10::int * interval '1 second')",
			{s.stateHash, s.organizationId, s.startedBy, s.connectionType, s.connectionId, s.name, s.configuration, s.returnUrl, s.codeVerifier,
				std::to_string(lifetimeSeconds)});
	});
}


std::size_t OAuthStateRepository::reseal(const std::function<std::optional<std::string>(const std::string& sealed)>& change)
{
	std::size_t changed = 0;
	_database.runRaw([&](PGconn* conn) {
		// Used or expired sign-ins are never read again: only those that may still finish.
		PgResult r = execute(conn, "SELECT state_hash, code_verifier FROM oauth_states WHERE code_verifier IS NOT NULL AND used_at IS NULL "
			"AND expires_at > now()");
		for (int row = 0; row < r.rows(); ++row)
		{
			const auto sealed = change(r.value(row, 1));
			if (!sealed) continue;
			// Only if it is still the ciphertext read: nothing else writes a verifier, but say so in SQL.
			PgResult u = execute(conn, "UPDATE oauth_states SET code_verifier = $3 WHERE state_hash = $1 AND code_verifier = $2 RETURNING 1",
				{r.value(row, 0), r.value(row, 1), *sealed});
			changed += static_cast<std::size_t>(u.rows());
		}
	});
	return changed;
}


OAuthStateRepository::Claim OAuthStateRepository::claim(const std::string& stateHash, const std::string& by, OAuthState& claimed)
{
	Claim outcome = Claim::UNKNOWN;
	_database.runRaw([&](PGconn* conn) {
		// One statement: two callbacks with the same state cannot both claim it.
		PgResult r = execute(conn, "UPDATE oauth_states SET used_at = now() WHERE state_hash = $1 AND started_by = $2 AND used_at IS NULL "
			"AND expires_at > now() RETURNING organization_id::text, connection_type, connection_id::text, name, configuration::text, return_url, "
			"code_verifier", {stateHash, by});
		if (r.rows())
		{
			claimed.stateHash = stateHash;
			claimed.organizationId = r.value(0, 0);
			claimed.startedBy = by;
			claimed.connectionType = r.value(0, 1);
			claimed.connectionId = r.isNull(0, 2) ? std::nullopt : std::optional<std::string>(r.value(0, 2));
			claimed.name = r.value(0, 3);
			claimed.configuration = r.value(0, 4);
			claimed.returnUrl = r.value(0, 5);
			claimed.codeVerifier = r.isNull(0, 6) ? std::nullopt : std::optional<std::string>(r.value(0, 6));
			outcome = Claim::CLAIMED;
			return;
		}
		PgResult why = execute(conn, "SELECT started_by = $2, used_at IS NOT NULL, expires_at <= now() FROM oauth_states WHERE state_hash = $1",
			{stateHash, by});
		if (!why.rows()) outcome = Claim::UNKNOWN;
		else if (why.value(0, 0) != "t") outcome = Claim::ANOTHER_USER;
		else if (why.value(0, 1) == "t") outcome = Claim::USED;
		else outcome = Claim::EXPIRED;
	});
	return outcome;
}


} } // namespace polytomic::store
