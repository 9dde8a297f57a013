//
// NotificationRepository.cpp
//


#include "store/NotificationRepository.h"
#include "store/PgResult.h"
#include "polytomic/json.hpp"


namespace polytomic {
namespace store {


NotificationRepository::NotificationRepository(Database& database):
	_database(database)
{
}


std::vector<std::string> NotificationRepository::errorSubscribers(const std::string& organizationId)
{
	std::vector<std::string> emails;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT email FROM global_error_subscribers WHERE organization_id = $1::uuid ORDER BY email", {organizationId});
		for (int i = 0; i < r.rows(); ++i) emails.push_back(r.value(i, 0));
	});
	return emails;
}


void NotificationRepository::replaceErrorSubscribers(const std::string& organizationId, const std::vector<std::string>& emails)
{
	json::Value list = json::Value::array();
	for (const auto& email: emails) list.push(email);
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "BEGIN");
		try
		{
			execute(conn, "DELETE FROM global_error_subscribers WHERE organization_id = $1::uuid", {organizationId});
			execute(conn, "INSERT INTO global_error_subscribers (organization_id, email) SELECT $1::uuid, e "
				"FROM jsonb_array_elements_text($2::jsonb) AS e ON CONFLICT DO NOTHING", {organizationId, list.dump()});
			execute(conn, "COMMIT");
		}
		catch (...)
		{
			if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, "ROLLBACK"));
			throw;
		}
	});
}


} } // namespace polytomic::store
