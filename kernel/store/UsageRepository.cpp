//
// UsageRepository.cpp
//


#include "store/UsageRepository.h"
#include "store/PgResult.h"


namespace polytomic {
namespace store {


namespace
{
	const std::string FINISHED = "('completed', 'failed', 'canceled')";
}


UsageRepository::UsageRepository(Database& database):
	_database(database)
{
}


int UsageRepository::activeSyncs()
{
	int active = 0;
	_database.runRaw([&](PGconn* conn) {
		active = std::stoi(execute(conn, "SELECT (SELECT count(*) FROM syncs WHERE active) + (SELECT count(*) FROM bulk_syncs WHERE active)")
			.value(0, 0));
	});
	return active;
}


DeploymentUsage UsageRepository::usage()
{
	DeploymentUsage u;
	_database.runRaw([&](PGconn* conn) {
		PgResult r = execute(conn, "SELECT (SELECT count(*) FROM syncs), (SELECT count(*) FROM syncs WHERE active), "
			"(SELECT count(*) FROM bulk_syncs), (SELECT count(*) FROM bulk_syncs WHERE active), "
			"(SELECT count(*) FROM sync_executions WHERE status IN " + FINISHED + ") + "
			"(SELECT count(*) FROM bulk_sync_executions WHERE status IN " + FINISHED + "), "
			"(SELECT coalesce(sum(coalesce((detail->'counts'->>'insert')::bigint, 0) + coalesce((detail->'counts'->>'update')::bigint, 0) + "
			"coalesce((detail->'counts'->>'delete')::bigint, 0)), 0) FROM sync_executions WHERE status IN " + FINISHED + ") + "
			"(SELECT coalesce(sum(coalesce((s->>'records')::bigint, 0)), 0) FROM bulk_sync_executions e, "
			"jsonb_array_elements(CASE WHEN jsonb_typeof(e.schemas) = 'array' THEN e.schemas ELSE '[]' END) s "
			"WHERE e.status IN " + FINISHED + ")");
		u.syncs = std::stoll(r.value(0, 0));
		u.activeSyncs = std::stoll(r.value(0, 1));
		u.bulkSyncs = std::stoll(r.value(0, 2));
		u.activeBulkSyncs = std::stoll(r.value(0, 3));
		u.executions = std::stoll(r.value(0, 4));
		u.recordsSynced = std::stoll(r.value(0, 5));
		PgResult types = execute(conn, "SELECT DISTINCT type FROM connections ORDER BY type");
		for (int i = 0; i < types.rows(); ++i) u.connectors.push_back(types.value(i, 0));
	});
	return u;
}


std::vector<ExecutionCount> UsageRepository::executionsByStatus()
{
	std::vector<ExecutionCount> out;
	_database.runRaw([&](PGconn* conn) {
		out.clear();
		PgResult r = execute(conn, "SELECT 'sync', status, count(*) FROM sync_executions GROUP BY status "
			"UNION ALL SELECT 'bulk_sync', status, count(*) FROM bulk_sync_executions GROUP BY status ORDER BY 1, 2");
		for (int i = 0; i < r.rows(); ++i) out.push_back({r.value(i, 0), r.value(i, 1), std::stoll(r.value(i, 2))});
	});
	return out;
}


std::vector<RecordCount> UsageRepository::records()
{
	std::vector<RecordCount> out;
	_database.runRaw([&](PGconn* conn) {
		out.clear();
		PgResult r = execute(conn, "SELECT coalesce(sum((detail->'counts'->>'total')::bigint), 0), "
			"coalesce(sum(coalesce((detail->'counts'->>'insert')::bigint, 0) + coalesce((detail->'counts'->>'update')::bigint, 0) + "
			"coalesce((detail->'counts'->>'delete')::bigint, 0)), 0), coalesce(sum((detail->'counts'->>'error')::bigint), 0) "
			"FROM sync_executions WHERE status IN " + FINISHED);
		out.push_back({"sync", "read", "ok", std::stoll(r.value(0, 0))});
		out.push_back({"sync", "written", "ok", std::stoll(r.value(0, 1))});
		out.push_back({"sync", "written", "error", std::stoll(r.value(0, 2))});
		PgResult b = execute(conn, "SELECT coalesce(sum((s->>'records')::bigint), 0), coalesce(sum((s->>'errors')::bigint), 0) "
			"FROM bulk_sync_executions e, jsonb_array_elements(CASE WHEN jsonb_typeof(e.schemas) = 'array' THEN e.schemas ELSE '[]' END) s "
			"WHERE e.status IN " + FINISHED);
		out.push_back({"bulk_sync", "written", "ok", std::stoll(b.value(0, 0))});
		out.push_back({"bulk_sync", "written", "error", std::stoll(b.value(0, 1))});
	});
	return out;
}


} } // namespace polytomic::store
