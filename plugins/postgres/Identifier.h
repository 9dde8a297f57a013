//
// Identifier.h
//
// Definition of the Identifier class.
//


#ifndef Polytomic_Postgres_Identifier_INCLUDED
#define Polytomic_Postgres_Identifier_INCLUDED


#include <string>
#include <vector>


namespace polytomic {
namespace postgres {


class Identifier
	/// SQL identifiers, always quoted: a table or a column named `select` or
	/// `Mixed Case "quoted"` is written as it is named.
{
public:
	static std::string quote(const std::string& name);
		/// "name", with every inner double quote doubled. Throws sdk::Error for an
		/// empty name or one holding a NUL byte.

	static std::string quoteList(const std::vector<std::string>& names, const std::string& qualifier = "");
		/// The quoted names separated by ", ", each preceded by qualifier and a dot
		/// when a qualifier is given (e.g. s."a", s."b").
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_Identifier_INCLUDED
