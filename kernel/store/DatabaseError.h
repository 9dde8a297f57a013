//
// DatabaseError.h
//
// Definition of the store exceptions.
//


#ifndef Polytomic_Store_DatabaseError_INCLUDED
#define Polytomic_Store_DatabaseError_INCLUDED


#include <stdexcept>


namespace polytomic {
namespace store {


class DatabaseUnavailable: public std::runtime_error
	/// PostgreSQL cannot be reached (down, restarting, refusing connections).
	/// Callers answer 503 and try again later; nothing was written.
{
public:
	using std::runtime_error::runtime_error;
};


class MigrationError: public std::runtime_error
	/// The schema cannot be brought up to date; the message says what to do.
{
public:
	using std::runtime_error::runtime_error;
};


} } // namespace polytomic::store


#endif // Polytomic_Store_DatabaseError_INCLUDED
