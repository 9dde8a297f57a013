//
// OrganizationRepository.cpp
//


#include "store/OrganizationRepository.h"
#include "store/PgResult.h"
#include "store/PgTransaction.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	// pg_advisory_xact_lock key for the first run: "poly" "root" in ASCII.
	const long long FIRST_RUN_LOCK = 8101861529466892148LL;


	const std::string ORGANIZATION_COLUMNS = "id::text, name, " + isoTimestamp("created_at") + ", " + isoTimestamp("updated_at");


	OrganizationRecord organizationAt(const PgResult& r, int row)
	{
		return OrganizationRecord{r.value(row, 0), r.value(row, 1), r.value(row, 2), r.value(row, 3)};
	}


	int usersIn(PGconn* conn)
	{
		return std::stoi(execute(conn, "SELECT count(*)::int FROM users").value(0, 0));
	}


	bool nameTaken(PGconn* conn, const std::string& name, const std::string& exceptId)
		/// Under the names lock: whether another organization has this name.
	{
		execute(conn, "SELECT pg_advisory_xact_lock(hashtext('organization names'))");
		return execute(conn, "SELECT 1 FROM organizations WHERE lower(name) = lower($1) AND id::text <> $2", {name, exceptId}).rows() > 0;
	}
}


OrganizationRepository::OrganizationRepository(Database& database):
	_database(database)
{
}


bool OrganizationRepository::createFirstOrganization(const std::string& organizationName, const std::string& rootEmail)
{
	bool created = false;
	_database.runRaw([&](PGconn* conn) {
		created = false;
		inTransaction(conn, [&] {
			execute(conn, "SELECT pg_advisory_xact_lock($1::bigint)", {std::to_string(FIRST_RUN_LOCK)});
			if (usersIn(conn) > 0) return;
			const std::string organizationId = execute(conn, "INSERT INTO organizations (name) VALUES ($1) RETURNING id::text", {organizationName}).value(0, 0);
			execute(conn, "INSERT INTO users (organization_id, email, role) VALUES ($1::uuid, $2, 'admin')", {organizationId, rootEmail});
			created = true;
		});
	});
	return created;
}


int OrganizationRepository::countUsers()
{
	int users = 0;
	_database.runRaw([&](PGconn* conn) { users = usersIn(conn); });
	return users;
}


bool OrganizationRepository::exists(const std::string& organizationId)
{
	if (!isUuid(organizationId)) return false;
	bool found = false;
	_database.runRaw([&](PGconn* conn) { found = execute(conn, "SELECT 1 FROM organizations WHERE id = $1::uuid", {organizationId}).rows() > 0; });
	return found;
}


std::optional<OrganizationRecord> OrganizationRepository::find(const std::string& organizationId)
{
	if (!isUuid(organizationId)) return std::nullopt;
	std::optional<OrganizationRecord> found;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT id::text, name, " + isoTimestamp("created_at") + ", " + isoTimestamp("updated_at") +
			" FROM organizations WHERE id = $1::uuid", {organizationId});
		if (r.rows()) found = OrganizationRecord{r.value(0, 0), r.value(0, 1), r.value(0, 2), r.value(0, 3)};
	});
	return found;
}


std::vector<OrganizationRecord> OrganizationRepository::list()
{
	std::vector<OrganizationRecord> out;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT " + ORGANIZATION_COLUMNS + " FROM organizations ORDER BY created_at, id");
		for (int i = 0; i < r.rows(); ++i) out.push_back(organizationAt(r, i));
	});
	return out;
}


OrganizationRepository::Outcome OrganizationRepository::create(const std::string& name, OrganizationRecord& created)
{
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			if (nameTaken(conn, name, ""))
			{
				outcome = Outcome::DUPLICATE;
				return;
			}
			created = organizationAt(execute(conn, "INSERT INTO organizations (name) VALUES ($1) RETURNING " + ORGANIZATION_COLUMNS, {name}), 0);
			outcome = Outcome::DONE;
		});
	});
	return outcome;
}


OrganizationRepository::Outcome OrganizationRepository::rename(const std::string& organizationId, const std::string& name,
	OrganizationRecord& renamed)
{
	if (!isUuid(organizationId)) return Outcome::NOT_FOUND;
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			if (nameTaken(conn, name, organizationId))
			{
				outcome = Outcome::DUPLICATE;
				return;
			}
			PgResult r = execute(conn, "UPDATE organizations SET name = $2, updated_at = now() WHERE id = $1::uuid RETURNING " + ORGANIZATION_COLUMNS,
				{organizationId, name});
			outcome = r.rows() ? Outcome::DONE : Outcome::NOT_FOUND;
			if (r.rows()) renamed = organizationAt(r, 0);
		});
	});
	return outcome;
}


OrganizationRepository::Outcome OrganizationRepository::remove(const std::string& organizationId)
{
	if (!isUuid(organizationId)) return Outcome::NOT_FOUND;
	Outcome outcome = Outcome::DONE;
	_database.runRaw([&](PGconn* conn) {
		inTransaction(conn, [&] {
			if (!execute(conn, "SELECT 1 FROM organizations WHERE id = $1::uuid FOR UPDATE", {organizationId}).rows())
			{
				outcome = Outcome::NOT_FOUND;
				return;
			}
			// A connection created meanwhile waits for the row lock above (its foreign key), then fails.
			if (execute(conn, "SELECT 1 FROM connections WHERE organization_id = $1::uuid LIMIT 1", {organizationId}).rows())
			{
				outcome = Outcome::IN_USE;
				return;
			}
			execute(conn, "DELETE FROM organizations WHERE id = $1::uuid", {organizationId});
			outcome = Outcome::DONE;
		});
	});
	return outcome;
}


} } // namespace polytomic::store
