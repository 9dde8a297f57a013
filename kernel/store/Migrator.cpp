//
// Migrator.cpp
//


#include "store/Migrator.h"
#include "store/PgResult.h"
#include <algorithm>
#include <map>


namespace polytomic {
namespace store {


const char* Migrator::TABLE = "polytomic_schema_migrations";


namespace
{
	// pg_advisory_lock key shared by every replica: "poly" "migr" in ASCII.
	const std::string LOCK_KEY = "8101861529466734450";


	std::string explain(const PgError& e, const Database& database, const std::string& during)
	{
		if (e.sqlState() == "42501")
		{
			const std::string user = database.url().user().empty() ? "the database user" : "\"" + database.url().user() + "\"";
			return "the database user " + user + " is not allowed to create or alter the schema of database \"" +
				database.url().database() + "\" (" + e.what() + ", while " + during + "). Migrations need that right: "
				"make the user the owner of the database, or run GRANT CREATE ON SCHEMA public TO " + user +
				"; or apply the migrations once with `polytomic migrate` as a user who may, and start with AUTO_MIGRATE=false";
		}
		if (e.sqlState().rfind("08", 0) == 0) throw DatabaseUnavailable("lost the connection to PostgreSQL while " + during + ": " + e.what());
		return std::string("PostgreSQL refused ") + during + ": " + e.what() + " (SQLSTATE " + e.sqlState() + ")";
	}


	class AdvisoryLock
		/// Holds the migration lock on one connection for its lifetime.
	{
	public:
		explicit AdvisoryLock(PGconn* conn):
			_conn(conn)
		{
			execute(_conn, "SELECT pg_advisory_lock($1)", {LOCK_KEY});
		}

		~AdvisoryLock()
		{
			try
			{
				if (PQstatus(_conn) == CONNECTION_OK) execute(_conn, "SELECT pg_advisory_unlock($1)", {LOCK_KEY});
			}
			catch (...)
			{
			}
		}

	private:
		PGconn* _conn;
	};
}


Migrator::Migrator(Database& database, std::vector<Migration> migrations):
	_database(database),
	_migrations(std::move(migrations))
{
}


std::vector<Migration> Migrator::migrate()
{
	Database::Lease lease = _database.acquire();
	PGconn* conn = lease.handle();
	std::string during = "taking the migration lock";
	try
	{
		AdvisoryLock lock(conn);
		during = "creating the table " + std::string(TABLE);
		ensureTable(conn);
		std::vector<Migration> todo = compare(applied(conn));
		for (const Migration& migration: todo)
		{
			during = "applying migration " + migration.name;
			apply(conn, migration);
		}
		return todo;
	}
	catch (const PgError& e)
	{
		throw MigrationError(explain(e, _database, during));
	}
}


std::vector<Migration> Migrator::pending()
{
	Database::Lease lease = _database.acquire();
	try
	{
		return compare(applied(lease.handle()));
	}
	catch (const PgError& e)
	{
		throw MigrationError(explain(e, _database, "reading the applied migrations"));
	}
}


std::vector<Migrator::Applied> Migrator::applied(PGconn* conn)
{
	PgResult exists = execute(conn, "SELECT to_regclass($1) IS NOT NULL", {TABLE});
	if (exists.value(0, 0) != "t") return {};
	PgResult rows = execute(conn, std::string("SELECT version, name, checksum FROM ") + TABLE + " ORDER BY version");
	std::vector<Applied> result;
	for (int i = 0; i < rows.rows(); ++i) result.push_back({std::stoi(rows.value(i, 0)), rows.value(i, 1), rows.value(i, 2)});
	return result;
}


std::vector<Migration> Migrator::compare(const std::vector<Applied>& applied) const
{
	std::map<int, const Migration*> known;
	for (const auto& m: _migrations) known[m.version] = &m;
	std::map<int, bool> done;
	for (const auto& a: applied)
	{
		auto it = known.find(a.version);
		if (it == known.end())
			throw MigrationError("the database has migration " + a.name + ", which this version of Polytomic does not know: "
				"a newer version has upgraded this database. Run that version (or newer), or restore a backup taken before the upgrade");
		if (it->second->checksum != a.checksum)
			throw MigrationError("migration " + a.name + " was changed after it was applied (checksum " + a.checksum.substr(0, 12) +
				"... in the database, " + it->second->checksum.substr(0, 12) + "... in this binary). An applied migration must never "
				"change: restore the original file and put the change in a new numbered migration");
		done[a.version] = true;
	}
	std::vector<Migration> todo;
	for (const auto& m: _migrations)
		if (!done.count(m.version)) todo.push_back(m);
	return todo;
}


void Migrator::ensureTable(PGconn* conn)
{
	PgResult exists = execute(conn, "SELECT to_regclass($1) IS NOT NULL", {TABLE});
	if (exists.value(0, 0) == "t") return;
	execute(conn, std::string("CREATE TABLE ") + TABLE + " (version integer PRIMARY KEY, name text NOT NULL, "
		"checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
}


void Migrator::apply(PGconn* conn, const Migration& migration)
{
	execute(conn, "BEGIN");
	try
	{
		execute(conn, migration.sql);
		execute(conn, std::string("INSERT INTO ") + TABLE + " (version, name, checksum) VALUES ($1, $2, $3)",
			{std::to_string(migration.version), migration.name, migration.checksum});
		execute(conn, "COMMIT");
	}
	catch (...)
	{
		if (PQstatus(conn) == CONNECTION_OK) PQclear(PQexec(conn, "ROLLBACK"));
		throw;
	}
}


} } // namespace polytomic::store
