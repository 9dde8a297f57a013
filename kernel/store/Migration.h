//
// Migration.h
//
// Definition of the Migration struct.
//


#ifndef Polytomic_Store_Migration_INCLUDED
#define Polytomic_Store_Migration_INCLUDED


#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace store {


struct Migration
	/// One numbered .sql file of kernel/migrations.
{
	int version;
	std::string name;       /// the file name, e.g. 001_organizations_and_users.sql
	std::string sql;
	std::string checksum;   /// SHA-256 of the SQL text, hex

	static Migration fromFile(const std::string& name, const std::string& sql);
		/// Throws MigrationError when the name does not start with a number.

	static std::vector<Migration> fromFiles(const std::vector<std::pair<std::string, std::string>>& files);
		/// Sorted by version; throws MigrationError on a duplicate version.

	static std::vector<Migration> embedded();
		/// The migrations built into this binary.
};


} } // namespace polytomic::store


#endif // Polytomic_Store_Migration_INCLUDED
