//
// UserRepository.cpp
//


#include "store/UserRepository.h"
#include "store/PgResult.h"
#include "store/PgTransaction.h"
#include "store/UserRows.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string UNIQUE_VIOLATION = "23505";


	void lockUsersOf(PGconn* conn, const std::string& organizationId)
	{
		execute(conn, "SELECT pg_advisory_xact_lock(hashtext('users:' || $1))", {organizationId});
	}


	bool wouldLeaveNoAdmin(PGconn* conn, const std::string& organizationId, const std::string& id)
	{
		PgResult r = execute(conn, "SELECT count(*) FILTER (WHERE role = 'admin' AND id <> $2::uuid), bool_or(id = $2::uuid AND role = 'admin') "
			"FROM users WHERE organization_id = $1::uuid", {organizationId, id});
		return r.value(0, 1) == "t" && r.value(0, 0) == "0";
	}
}


UserRepository::UserRepository(Database& database):
	_database(database)
{
}


std::vector<UserRecord> UserRepository::list(const std::string& organizationId)
{
	std::vector<UserRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + userColumns() + " FROM users u WHERE u.organization_id = $1::uuid ORDER BY u.created_at, u.email",
			{organizationId});
		for (int i = 0; i < r.rows(); ++i) out.push_back(userAt(r, i));
	});
	return out;
}


std::optional<UserRecord> UserRepository::find(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id) || !isUuid(organizationId)) return std::nullopt;
	std::optional<UserRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + userColumns() + " FROM users u WHERE u.organization_id = $1::uuid AND u.id = $2::uuid",
			{organizationId, id});
		if (r.rows()) found = userAt(r, 0);
	});
	return found;
}


std::optional<UserRecord> UserRepository::findByEmail(const std::string& email)
{
	std::optional<UserRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + userColumns() + " FROM users u JOIN organizations o ON o.id = u.organization_id "
			"WHERE u.email = lower($1) ORDER BY o.created_at LIMIT 1", {email});
		if (r.rows()) found = userAt(r, 0);
	});
	return found;
}


UserRepository::Outcome UserRepository::create(const std::string& organizationId, const std::string& email, const std::string& role,
	UserRecord& created)
{
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		try
		{
			created = userAt(execute(conn, "INSERT INTO users AS u (organization_id, email, role) VALUES ($1::uuid, lower($2), $3) RETURNING " +
				userColumns(), {organizationId, email, role}), 0);
			outcome = Outcome::DONE;
		}
		catch (const PgError& e)
		{
			if (e.sqlState() != UNIQUE_VIOLATION) throw;
			outcome = Outcome::DUPLICATE;
		}
	});
	return outcome;
}


UserRepository::Outcome UserRepository::update(const std::string& organizationId, const std::string& id, const std::string& email,
	const std::string& role, UserRecord& updated)
{
	if (!isUuid(id)) return Outcome::NOT_FOUND;
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		try
		{
			inTransaction(conn, [&] {
				lockUsersOf(conn, organizationId);
				if (role != "admin" && wouldLeaveNoAdmin(conn, organizationId, id))
				{
					outcome = Outcome::LAST_ADMIN;
					return;
				}
				PgResult r = execute(conn, "UPDATE users u SET email = lower($3), role = $4, updated_at = now() "
					"WHERE u.organization_id = $1::uuid AND u.id = $2::uuid RETURNING " + userColumns(), {organizationId, id, email, role});
				outcome = r.rows() ? Outcome::DONE : Outcome::NOT_FOUND;
				if (r.rows()) updated = userAt(r, 0);
			});
		}
		catch (const PgError& e)
		{
			if (e.sqlState() != UNIQUE_VIOLATION) throw;
			outcome = Outcome::DUPLICATE;
		}
	});
	return outcome;
}


UserRepository::Outcome UserRepository::remove(const std::string& organizationId, const std::string& id)
{
	if (!isUuid(id)) return Outcome::NOT_FOUND;
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			lockUsersOf(conn, organizationId);
			if (wouldLeaveNoAdmin(conn, organizationId, id))
			{
				outcome = Outcome::LAST_ADMIN;
				return;
			}
			outcome = execute(conn, "DELETE FROM users WHERE organization_id = $1::uuid AND id = $2::uuid RETURNING id", {organizationId, id}).rows()
				? Outcome::DONE : Outcome::NOT_FOUND;
		});
	});
	return outcome;
}


UserRepository::KeyOutcome UserRepository::storeKey(const std::string& organizationId, const std::string& userId, const std::string& keyHash,
	bool force)
{
	if (!userId.empty() && !isUuid(userId)) return KeyOutcome::NOT_FOUND;
	KeyOutcome outcome = KeyOutcome::CREATED;
	const std::optional<std::string> owner = userId.empty() ? std::nullopt : std::optional<std::string>(userId);
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			if (owner && !execute(conn, "SELECT 1 FROM users WHERE organization_id = $1::uuid AND id = $2::uuid FOR UPDATE",
				{organizationId, owner}).rows())
			{
				outcome = KeyOutcome::NOT_FOUND;
				return;
			}
			if (!owner) execute(conn, "SELECT 1 FROM organizations WHERE id = $1::uuid FOR UPDATE", {organizationId});
			const std::string same = "organization_id = $1::uuid AND user_id IS NOT DISTINCT FROM $2::uuid";
			if (execute(conn, "SELECT 1 FROM api_keys WHERE " + same, {organizationId, owner}).rows())
			{
				if (!force)
				{
					outcome = KeyOutcome::EXISTS;
					return;
				}
				execute(conn, "DELETE FROM api_keys WHERE " + same, {organizationId, owner});
			}
			execute(conn, "INSERT INTO api_keys (organization_id, user_id, key_hash) VALUES ($1::uuid, $2::uuid, $3)", {organizationId, owner, keyHash});
			outcome = KeyOutcome::CREATED;
		});
	});
	return outcome;
}


std::optional<KeyOwner> UserRepository::findKey(const std::string& keyHash)
{
	std::optional<KeyOwner> found;
	_database.runRaw([&](PGconn* conn) {
		// One round trip on every API call: look the key up and note its use (at most once a minute).
		PgResult r = execute(conn, "WITH k AS (UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 "
			"AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') RETURNING key_hash) "
			"SELECT a.organization_id::text, a.user_id IS NOT NULL, " + userColumns() + " FROM api_keys a "
			"LEFT JOIN users u ON u.id = a.user_id WHERE a.key_hash = $1", {keyHash});
		if (!r.rows()) return;
		KeyOwner owner{r.value(0, 0), std::nullopt};
		if (r.value(0, 1) == "t") owner.user = userAt(r, 0, 2);
		found = owner;
	});
	return found;
}


} } // namespace polytomic::store
