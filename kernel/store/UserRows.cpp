//
// UserRows.cpp
//


#include "store/UserRows.h"
#include "store/SqlFragments.h"


namespace polytomic {
namespace store {


const std::string& userColumns()
{
	static const std::string columns = "u.id::text, u.organization_id::text, u.email, u.role, " + isoTimestamp("u.created_at") + ", " +
		isoTimestamp("u.updated_at");
	return columns;
}


UserRecord userAt(const PgResult& r, int row, int first)
{
	return UserRecord{r.value(row, first), r.value(row, first + 1), r.value(row, first + 2), r.value(row, first + 3),
		r.value(row, first + 4), r.value(row, first + 5)};
}


} } // namespace polytomic::store
