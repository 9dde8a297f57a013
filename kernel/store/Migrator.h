//
// Migrator.h
//
// Definition of the Migrator class.
//


#ifndef Polytomic_Store_Migrator_INCLUDED
#define Polytomic_Store_Migrator_INCLUDED


#include "store/Database.h"
#include "store/Migration.h"
#include <vector>


namespace polytomic {
namespace store {


class Migrator
	/// Brings the database schema up to date with the migrations of this binary.
	///
	/// Each migration runs in its own transaction under a PostgreSQL advisory
	/// lock, so replicas starting together apply each exactly once; each applied
	/// migration is recorded with its checksum, and a recorded migration whose
	/// text changed stops everything with a message that says so.
{
public:
	Migrator(Database& database, std::vector<Migration> migrations);

	std::vector<Migration> migrate();
		/// Applies what is pending; returns what it applied (empty when up to date).
		/// Throws MigrationError with a message for the operator.

	std::vector<Migration> pending();
		/// What migrate() would apply, without changing anything. Also throws
		/// MigrationError for a changed or unknown applied migration.

	static const char* TABLE;
		/// polytomic_schema_migrations

private:
	struct Applied
	{
		int version;
		std::string name;
		std::string checksum;
	};

	std::vector<Applied> applied(PGconn* conn);
	std::vector<Migration> compare(const std::vector<Applied>& applied) const;
	void ensureTable(PGconn* conn);
	void apply(PGconn* conn, const Migration& migration);

	Database& _database;
	std::vector<Migration> _migrations;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_Migrator_INCLUDED
