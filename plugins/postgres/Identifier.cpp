//
// Identifier.cpp
//


#include "Identifier.h"
#include "polytomic/connector.hpp"


namespace polytomic {
namespace postgres {


std::string Identifier::quote(const std::string& name)
{
	if (name.empty()) throw sdk::Error("an empty name cannot be a PostgreSQL identifier");
	if (name.find('\0') != std::string::npos) throw sdk::Error("a name holding a NUL byte cannot be a PostgreSQL identifier");
	std::string out;
	out.reserve(name.size() + 2);
	out += '"';
	for (char c: name)
	{
		if (c == '"') out += '"';
		out += c;
	}
	out += '"';
	return out;
}


std::string Identifier::quoteList(const std::vector<std::string>& names, const std::string& qualifier)
{
	std::string out;
	for (std::size_t i = 0; i < names.size(); ++i)
	{
		if (i) out += ", ";
		if (!qualifier.empty())
		{
			out += qualifier;
			out += '.';
		}
		out += quote(names[i]);
	}
	return out;
}


} } // namespace polytomic::postgres
