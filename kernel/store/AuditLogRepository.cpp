//
// AuditLogRepository.cpp
//


#include "store/AuditLogRepository.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


namespace
{
	std::optional<std::string> orNull(const std::string& value)
	{
		return value.empty() ? std::nullopt : std::optional<std::string>(value);
	}
}


AuditLogRepository::AuditLogRepository(Database& database):
	_database(database)
{
}


void AuditLogRepository::record(const AuditEntry& e)
{
	_database.runRaw([&](PGconn* conn) {
		execute(conn, "INSERT INTO audit_log (organization_id, actor_type, actor_id, actor_email, action, method, route, resource_id, status, "
			"detail, client_address, request_id) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9::int, $10, $11, $12)",
			{orNull(e.organizationId), e.actorType, orNull(e.actorId), orNull(e.actorEmail), e.action, orNull(e.method), orNull(e.route),
			orNull(e.resourceId), e.status ? std::optional<std::string>(std::to_string(e.status)) : std::nullopt, orNull(e.detail),
			orNull(e.clientAddress), orNull(e.requestId)});
	});
}


std::vector<AuditEntry> AuditLogRepository::list(const AuditQuery& q, std::string& nextPageToken)
{
	std::vector<AuditEntry> out;
	nextPageToken.clear();
	if (!q.before.empty() && !isUuid(q.before)) return out;
	const bool prefix = !q.action.empty() && q.action.back() == '.';
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT a.id::text, coalesce(a.organization_id::text, ''), a.actor_type, coalesce(a.actor_id, ''), "
			"coalesce(a.actor_email, ''), a.action, coalesce(a.method, ''), coalesce(a.route, ''), coalesce(a.resource_id, ''), "
			"coalesce(a.status, 0), coalesce(a.detail, ''), coalesce(a.client_address, ''), coalesce(a.request_id, ''), " +
			isoTimestamp("a.created_at") + " FROM audit_log a "
			"WHERE (a.organization_id = $1::uuid OR a.organization_id IS NULL) "
			"AND ($2::text IS NULL OR (CASE WHEN $3::boolean THEN starts_with(a.action, $2) ELSE a.action = $2 END)) "
			"AND ($4::text IS NULL OR a.actor_id = $4) "
			"AND ($5::uuid IS NULL OR (a.created_at, a.id) < (SELECT created_at, id FROM audit_log WHERE id = $5::uuid)) "
			"ORDER BY a.created_at DESC, a.id DESC LIMIT $6",
			{q.organizationId, orNull(q.action), prefix ? "true" : "false", orNull(q.actorId), orNull(q.before), std::to_string(q.limit + 1)});
		for (int i = 0; i < r.rows() && out.size() < q.limit; ++i)
		{
			out.push_back(AuditEntry{r.value(i, 0), r.value(i, 1), r.value(i, 2), r.value(i, 3), r.value(i, 4), r.value(i, 5), r.value(i, 6),
				r.value(i, 7), r.value(i, 8), std::stoi(r.value(i, 9)), r.value(i, 10), r.value(i, 11), r.value(i, 12), r.value(i, 13)});
		}
		if (static_cast<std::size_t>(r.rows()) > q.limit) nextPageToken = out.back().id;
	});
	return out;
}


} } // namespace polytomic::store
