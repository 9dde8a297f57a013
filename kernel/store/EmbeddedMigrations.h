//
// EmbeddedMigrations.h
//
// Declaration of the embeddedMigrations function (generated from kernel/migrations).
//


#ifndef Polytomic_Store_EmbeddedMigrations_INCLUDED
#define Polytomic_Store_EmbeddedMigrations_INCLUDED


#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace store {


const std::vector<std::pair<std::string, std::string>>& embeddedMigrations();
	/// (file name, SQL text) of every file in kernel/migrations, in name order.


} } // namespace polytomic::store


#endif // Polytomic_Store_EmbeddedMigrations_INCLUDED
