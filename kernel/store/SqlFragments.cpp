//
// SqlFragments.cpp
//


#include "store/SqlFragments.h"
#include "Poco/RegularExpression.h"


namespace polytomic {
namespace store {


bool isUuid(const std::string& text)
{
	static const Poco::RegularExpression uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
	return uuid.match(text);
}


std::string isoTimestamp(const std::string& column)
{
	return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}


void appendCopyText(std::string_view text, std::string& out)
{
	for (char c: text)
	{
		switch (c)
		{
		case '\\': out += "\\\\"; break;
		case '\t': out += "\\t"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		default: out += c;
		}
	}
}


std::string readCopyText(std::string_view text)
{
	std::string out;
	out.reserve(text.size());
	for (std::size_t i = 0; i < text.size(); ++i)
	{
		if (text[i] != '\\' || i + 1 == text.size())
		{
			out += text[i];
			continue;
		}
		const char c = text[++i];
		out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'v' ? '\v' : c;
	}
	return out;
}


} } // namespace polytomic::store
