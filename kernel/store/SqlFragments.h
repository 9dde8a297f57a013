//
// SqlFragments.h
//
// Small pieces every repository needs the same way.
//


#ifndef Polytomic_Store_SqlFragments_INCLUDED
#define Polytomic_Store_SqlFragments_INCLUDED


#include <string>
#include <string_view>


namespace polytomic {
namespace store {


bool isUuid(const std::string& text);
	/// True for the canonical 8-4-4-4-12 hex form; repositories answer "not found"
	/// for anything else instead of letting PostgreSQL fail on the cast.

std::string isoTimestamp(const std::string& column);
	/// SQL that renders a timestamptz column as "YYYY-MM-DDTHH:MM:SS.ffffffZ".

void appendCopyText(std::string_view text, std::string& out);
	/// The text as a value of COPY's text format (backslash, tab, newline, carriage return escaped).

std::string readCopyText(std::string_view value);
	/// The text a value of COPY's text format stands for.


} } // namespace polytomic::store


#endif // Polytomic_Store_SqlFragments_INCLUDED
