//
// EvaluationKey.h
//
// Definition of the evaluationEncryptionKey function.
//


#ifndef Polytomic_Store_EvaluationKey_INCLUDED
#define Polytomic_Store_EvaluationKey_INCLUDED


#include "store/Database.h"
#include <string>


namespace polytomic {
namespace store {


std::string evaluationEncryptionKey(Database& database);
	/// For an evaluation install started without ENCRYPTION_KEY: the key kept in
	/// the database (generated once, also when replicas start together). The
	/// secrets are then only as safe as the database; production sets ENCRYPTION_KEY.
	/// Returns the 32 raw bytes.


} } // namespace polytomic::store


#endif // Polytomic_Store_EvaluationKey_INCLUDED
