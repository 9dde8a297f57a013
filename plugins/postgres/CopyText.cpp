//
// CopyText.cpp
//


#include "CopyText.h"
#include <cstring>


namespace polytomic {
namespace postgres {


namespace
{
	int hexValue(char c)
	{
		if (c >= '0' && c <= '9') return c - '0';
		if (c >= 'a' && c <= 'f') return c - 'a' + 10;
		if (c >= 'A' && c <= 'F') return c - 'A' + 10;
		return -1;
	}
}


void CopyText::split(const char* line, std::size_t length, std::vector<std::string_view>& fields)
{
	fields.clear();
	if (length > 0 && line[length - 1] == '\n') --length;
	const char* end = line + length;
	const char* start = line;
	while (true)
	{
		const char* tab = static_cast<const char*>(std::memchr(start, '\t', static_cast<std::size_t>(end - start)));
		if (!tab)
		{
			fields.emplace_back(start, static_cast<std::size_t>(end - start));
			return;
		}
		fields.emplace_back(start, static_cast<std::size_t>(tab - start));
		start = tab + 1;
	}
}


std::string_view CopyText::unescape(std::string_view raw, std::string& scratch)
{
	if (raw.find('\\') == std::string_view::npos) return raw;
	scratch.clear();
	scratch.reserve(raw.size());
	for (std::size_t i = 0; i < raw.size(); ++i)
	{
		const char c = raw[i];
		if (c != '\\' || i + 1 >= raw.size())
		{
			scratch += c;
			continue;
		}
		const char e = raw[++i];
		switch (e)
		{
		case 'b': scratch += '\b'; break;
		case 'f': scratch += '\f'; break;
		case 'n': scratch += '\n'; break;
		case 'r': scratch += '\r'; break;
		case 't': scratch += '\t'; break;
		case 'v': scratch += '\v'; break;
		case 'x':
		{
			int value = 0;
			int digits = 0;
			while (digits < 2 && i + 1 < raw.size() && hexValue(raw[i + 1]) >= 0)
			{
				value = value * 16 + hexValue(raw[++i]);
				++digits;
			}
			if (digits == 0) scratch += 'x';
			else scratch += static_cast<char>(value);
			break;
		}
		default:
			if (e >= '0' && e <= '7')
			{
				int value = e - '0';
				for (int digits = 1; digits < 3 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7'; ++digits)
					value = value * 8 + (raw[++i] - '0');
				scratch += static_cast<char>(value);
			}
			else
			{
				scratch += e;
			}
		}
	}
	return scratch;
}


void CopyText::appendEscaped(std::string& out, std::string_view value)
{
	std::size_t start = 0;
	for (std::size_t i = 0; i < value.size(); ++i)
	{
		const char c = value[i];
		const char* escape = nullptr;
		switch (c)
		{
		case '\\': escape = "\\\\"; break;
		case '\t': escape = "\\t"; break;
		case '\n': escape = "\\n"; break;
		case '\r': escape = "\\r"; break;
		default: continue;
		}
		out.append(value.data() + start, i - start);
		out += escape;
		start = i + 1;
	}
	out.append(value.data() + start, value.size() - start);
}


} } // namespace polytomic::postgres
