//
// UserRows.h
//
// How the repositories that return users select and read them.
//


#ifndef Polytomic_Store_UserRows_INCLUDED
#define Polytomic_Store_UserRows_INCLUDED


#include "store/PgResult.h"
#include "store/UserRepository.h"
#include <string>


namespace polytomic {
namespace store {


const std::string& userColumns();
	/// The select list of a UserRecord, from the users table aliased "u".

UserRecord userAt(const PgResult& result, int row, int firstColumn = 0);
	/// The UserRecord whose userColumns() start at firstColumn.


} } // namespace polytomic::store


#endif // Polytomic_Store_UserRows_INCLUDED
