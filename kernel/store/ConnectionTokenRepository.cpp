//
// ConnectionTokenRepository.cpp
//


#include "store/ConnectionTokenRepository.h"
#include "store/PgResult.h"
#include "store/PgTransaction.h"
#include <vector>


namespace polytomic {
namespace store {


namespace
{
	const std::string COLUMNS = "connection_id::text, tokens, extract(epoch FROM expires_at)::bigint";


	ConnectionTokens tokensAt(const PgResult& result, int row)
	{
		ConnectionTokens t;
		t.connectionId = result.value(row, 0);
		t.tokens = result.value(row, 1);
		if (!result.isNull(row, 2)) t.expiresAt = std::stoll(result.value(row, 2));
		return t;
	}


	void upsert(PGconn* conn, const ConnectionTokens& t)
	{
		execute(conn, "INSERT INTO connection_tokens (connection_id, tokens, expires_at) VALUES ($1::uuid, $2, to_timestamp($3::bigint)) "
			"ON CONFLICT (connection_id) DO UPDATE SET tokens = EXCLUDED.tokens, expires_at = EXCLUDED.expires_at, refreshed_at = now()",
			{t.connectionId, t.tokens, t.expiresAt ? std::optional<std::string>(std::to_string(*t.expiresAt)) : std::nullopt});
	}
}


ConnectionTokenRepository::ConnectionTokenRepository(Database& database):
	_database(database)
{
}


std::optional<ConnectionTokens> ConnectionTokenRepository::find(const std::string& connectionId)
{
	std::optional<ConnectionTokens> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM connection_tokens WHERE connection_id = $1::uuid", {connectionId});
		if (r.rows()) found = tokensAt(r, 0);
	});
	return found;
}


void ConnectionTokenRepository::save(const ConnectionTokens& tokens)
{
	_database.runRaw([&](PGconn* conn) { upsert(conn, tokens); });
}


std::optional<ConnectionTokens> ConnectionTokenRepository::update(const std::string& connectionId,
	const std::function<std::optional<ConnectionTokens>(const std::optional<ConnectionTokens>& stored)>& change)
{
	std::optional<ConnectionTokens> result;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			PgResult r = execute(conn, "SELECT " + COLUMNS + " FROM connection_tokens WHERE connection_id = $1::uuid FOR UPDATE", {connectionId});
			result = r.rows() ? std::optional<ConnectionTokens>(tokensAt(r, 0)) : std::nullopt;
			if (auto changed = change(result))
			{
				changed->connectionId = connectionId;
				upsert(conn, *changed);
				result = changed;
			}
		});
	});
	return result;
}


std::size_t ConnectionTokenRepository::reseal(const std::function<std::optional<std::string>(const std::string& sealed)>& change)
{
	std::vector<std::string> ids;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT connection_id::text FROM connection_tokens ORDER BY connection_id");
		for (int row = 0; row < r.rows(); ++row) ids.push_back(r.value(row, 0));
	});
	std::size_t changed = 0;
	for (const auto& id: ids)
		// Under the row's lock: a refresh that saves new tokens meanwhile is not overwritten with the old ones.
		update(id, [&](const std::optional<ConnectionTokens>& stored) -> std::optional<ConnectionTokens> {
			if (!stored) return std::nullopt;
			const auto sealed = change(stored->tokens);
			if (!sealed) return std::nullopt;
			++changed;
			ConnectionTokens resealed = *stored;
			resealed.tokens = *sealed;
			return resealed;
		});
	return changed;
}


void ConnectionTokenRepository::setStatus(const std::string& connectionId, const std::string& status, const std::optional<std::string>& error)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "UPDATE connections SET status = $2, status_error = $3, updated_at = now() WHERE id = $1::uuid", {connectionId, status, error});
	});
}


} } // namespace polytomic::store
