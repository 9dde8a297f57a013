//
// OrganizationRepository.cpp
//


#include "store/OrganizationRepository.h"
#include "Poco/Data/Transaction.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


using namespace Poco::Data::Keywords;


namespace polytomic {
namespace store {


namespace
{
	// pg_advisory_xact_lock key for the first run: "poly" "root" in ASCII.
	const Poco::Int64 FIRST_RUN_LOCK = 8101861529466892148LL;
}


OrganizationRepository::OrganizationRepository(Database& database):
	_database(database)
{
}


bool OrganizationRepository::createFirstOrganization(const std::string& organizationName, const std::string& rootEmail)
{
	bool created = false;
	_database.run([&](Poco::Data::Session& s) {
		created = false;
		Poco::Data::Transaction tx(s);
		Poco::Int64 lockKey = FIRST_RUN_LOCK;
		std::string ignored;
		s << "SELECT pg_advisory_xact_lock($1)::text", use(lockKey), into(ignored), now;
		int users = 0;
		s << "SELECT count(*)::int FROM users", into(users), now;
		if (users > 0) return;
		std::string organizationId;
		s << "INSERT INTO organizations (name) VALUES ($1) RETURNING id::text", useRef(organizationName), into(organizationId), now;
		s << "INSERT INTO users (organization_id, email, role) VALUES ($1::uuid, $2, 'admin')", use(organizationId), useRef(rootEmail), now;
		tx.commit();
		created = true;
	});
	return created;
}


int OrganizationRepository::countUsers()
{
	int users = 0;
	_database.run([&](Poco::Data::Session& s) { s << "SELECT count(*)::int FROM users", into(users), now; });
	return users;
}


bool OrganizationRepository::exists(const std::string& organizationId)
{
	if (!isUuid(organizationId)) return false;
	int found = 0;
	std::string id = organizationId;
	_database.run([&](Poco::Data::Session& s) { s << "SELECT count(*)::int FROM organizations WHERE id = $1::uuid", use(id), into(found), now; });
	return found > 0;
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


} } // namespace polytomic::store
