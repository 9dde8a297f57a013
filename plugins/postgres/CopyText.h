//
// CopyText.h
//
// Definition of the CopyText class.
//


#ifndef Polytomic_Postgres_CopyText_INCLUDED
#define Polytomic_Postgres_CopyText_INCLUDED


#include <string>
#include <string_view>
#include <vector>


namespace polytomic {
namespace postgres {


class CopyText
	/// PostgreSQL's COPY text format: a row per line, fields separated by tabs,
	/// \N for NULL, and backslash escapes for backslash, tab, newline, carriage
	/// return (and, read only, \b \f \v, octal \ooo and hex \xhh).
{
public:
	static void split(const char* line, std::size_t length, std::vector<std::string_view>& fields);
		/// The raw (still escaped) fields of one line; a trailing newline is ignored.

	static bool isNull(std::string_view raw);
		/// True for the raw field \N.

	static std::string_view unescape(std::string_view raw, std::string& scratch);
		/// The value of a raw field: raw itself when it holds no backslash,
		/// otherwise the unescaped text, kept in scratch.

	static void appendEscaped(std::string& out, std::string_view value);
		/// Appends value as one field.

	static void appendNull(std::string& out);
		/// Appends \N.
};


//
// inlines
//
inline bool CopyText::isNull(std::string_view raw)
{
	return raw.size() == 2 && raw[0] == '\\' && raw[1] == 'N';
}


inline void CopyText::appendNull(std::string& out)
{
	out += "\\N";
}


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_CopyText_INCLUDED
