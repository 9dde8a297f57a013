//
// SyncLedger.cpp
//


#include "store/SyncLedger.h"
#include "store/PgResult.h"
#include "store/SqlFragments.h"
#include "polytomic/json.hpp"
#include <libpq-fe.h>
#include <cctype>
#include <stdexcept>


namespace polytomic {
namespace store {


namespace
{
	void copyIn(PGconn* conn, const std::string& statement, const std::string& data)
	{
		PGresult* started = PQexec(conn, statement.c_str());
		const bool ready = PQresultStatus(started) == PGRES_COPY_IN;
		PQclear(started);
		if (!ready) throw PgError("", std::string("cannot start ") + statement + ": " + PQerrorMessage(conn));
		const bool sent = data.empty() || PQputCopyData(conn, data.data(), static_cast<int>(data.size())) == 1;
		if (PQputCopyEnd(conn, sent ? nullptr : "aborted") != 1) throw PgError("", std::string("COPY failed: ") + PQerrorMessage(conn));
		PGresult* result = PQgetResult(conn);
		const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
		const std::string error = ok ? std::string() : PQresultErrorMessage(result);
		PQclear(result);
		while ((result = PQgetResult(conn))) PQclear(result);
		if (!ok) throw PgError("", "COPY failed: " + error);
	}
}


void SyncLedger::addCounts(PGconn* conn, const Written& written)
{
	const auto added = [](const char* key, int n) {
		return std::string("'") + key + "', coalesce((detail->'counts'->>'" + key + "')::bigint, 0) + $" + std::to_string(n) + "::bigint";
	};
	execute(conn, "UPDATE sync_executions SET detail = jsonb_set(CASE WHEN jsonb_typeof(detail) = 'object' THEN detail ELSE '{}' END, "
		"'{counts}', coalesce(detail->'counts', '{}') || jsonb_build_object(" + added("insert", 2) + ", " + added("update", 3) + ", " +
		added("delete", 4) + ", " + added("error", 5) + ", " + added("upserts", 6) + ")) WHERE id = $1::uuid",
		{_executionId, std::to_string(written.insert), std::to_string(written.update), std::to_string(written.remove),
			std::to_string(written.error), std::to_string(written.upserts)});
}


SyncLedger::SyncLedger(Database& database, std::string syncId, std::string executionId):
	_database(database),
	_syncId(std::move(syncId)),
	_executionId(std::move(executionId))
{
}


Database::Lease& SyncLedger::lease()
{
	if (!_lease) _lease = std::make_unique<Database::Lease>(_database.acquire());
	return *_lease;
}


std::size_t SyncLedger::size()
{
	return static_cast<std::size_t>(std::stoull(execute(lease().handle(), "SELECT count(*) FROM sync_ledger WHERE sync_id = $1::uuid",
		{_syncId}).value(0, 0)));
}


std::size_t SyncLedger::load(const std::string& after, std::size_t limit, const std::function<void(std::string_view identity, int64_t hash)>& entry)
{
	// Identities compare byte-wise (the column is COLLATE "C"): the primary key's order, one index range a page.
	PgResult r = execute(lease().handle(), "SELECT identity, hash FROM sync_ledger WHERE sync_id = $1::uuid AND identity > $2 "
		"ORDER BY identity LIMIT $3", {_syncId, after, std::to_string(limit)});
	for (int i = 0; i < r.rows(); ++i) entry(r.value(i, 0), std::stoll(r.value(i, 1)));
	return static_cast<std::size_t>(r.rows());
}


void SyncLedger::record(const std::vector<Change>& changes, const std::vector<std::pair<std::string, std::vector<LogEntry>>>& logs,
	const Written& written)
{
	PGconn* conn = lease().handle();
	if (!_staged)
	{
		// A commit of the ledger need not wait for its WAL flush: should PostgreSQL itself crash,
		// the last few batches are merely sent again (the target already holds them).
		execute(conn, "SET synchronous_commit = off");
		execute(conn, "CREATE TEMP TABLE IF NOT EXISTS polytomic_ledger_stage (identity text COLLATE \"C\" NOT NULL, hash bigint NOT NULL, "
			"removed boolean NOT NULL) ON COMMIT DELETE ROWS");
		_staged = true;
	}
	execute(conn, "BEGIN");
	try
	{
		std::string fresh, staged;
		for (const Change& c: changes)
		{
			std::string& data = c.fresh && !c.removed ? fresh : staged;
			if (&data == &fresh)
			{
				data += _syncId;
				data += '\t';
			}
			appendCopyText(c.identity, data);
			data += '\t';
			data += std::to_string(c.hash);
			if (&data == &staged) data += c.removed ? "\tt" : "\tf";
			data += '\n';
		}
		if (!fresh.empty()) copyIn(conn, "COPY sync_ledger (sync_id, identity, hash) FROM STDIN", fresh);
		if (!staged.empty())
		{
			copyIn(conn, "COPY polytomic_ledger_stage (identity, hash, removed) FROM STDIN", staged);
			execute(conn, "UPDATE sync_ledger l SET hash = s.hash FROM polytomic_ledger_stage s WHERE NOT s.removed AND l.sync_id = $1::uuid "
				"AND l.identity = s.identity", {_syncId});
			execute(conn, "INSERT INTO sync_ledger (sync_id, identity, hash) SELECT $1::uuid, s.identity, s.hash FROM polytomic_ledger_stage s "
				"WHERE NOT s.removed ON CONFLICT (sync_id, identity) DO NOTHING", {_syncId});
			execute(conn, "DELETE FROM sync_ledger l USING polytomic_ledger_stage s WHERE s.removed AND l.sync_id = $1::uuid "
				"AND l.identity = s.identity", {_syncId});
		}
		for (const auto& [kind, entries]: logs)
		{
			if (entries.empty()) continue;
			json::Value array = json::Value::array();
			for (const LogEntry& e: entries)
			{
				json::Value item = json::Value::object();
				item.set("identity", e.identity);
				if (!e.message.empty()) item.set("message", e.message);
				array.push(item);
			}
			execute(conn, "INSERT INTO sync_record_logs (execution_id, kind, entries) VALUES ($1::uuid, $2, $3)",
				{_executionId, kind, array.dump()});
		}
		if (written.insert || written.update || written.remove || written.error) addCounts(conn, written);
		execute(conn, "COMMIT");
	}
	catch (...)
	{
		if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, "ROLLBACK"));
		throw;
	}
}


} } // namespace polytomic::store
