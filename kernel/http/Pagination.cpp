//
// Pagination.cpp
//


#include "http/Pagination.h"


namespace polytomic {
namespace http {


namespace
{
	const char* const HEX = "0123456789abcdef";
	const char SEPARATOR = '\x1f'; // in neither a sort key nor an id


	int nibble(char c)
	{
		if (c >= '0' && c <= '9') return c - '0';
		if (c >= 'a' && c <= 'f') return c - 'a' + 10;
		return -1;
	}
}


std::string Pagination::tokenOf(const Cursor& cursor)
{
	// Hex of "1<sep>sort key<sep>id": opaque to clients, URL-safe, and versioned by its first field.
	const std::string plain = std::string("1") + SEPARATOR + cursor.sortKey + SEPARATOR + cursor.id;
	std::string token;
	token.reserve(plain.size() * 2);
	for (unsigned char c: plain)
	{
		token += HEX[c >> 4];
		token += HEX[c & 0x0f];
	}
	return token;
}


std::optional<Pagination::Cursor> Pagination::pageToken(Exchange& exchange)
{
	const std::string token = exchange.query("page_token");
	if (token.empty()) return std::nullopt;
	const HttpError refused(400, "bad_page_token", "page_token must be the pagination.next_page_token of an earlier answer, unchanged");
	if (token.size() % 2 != 0 || token.size() > 2048) throw refused;
	std::string plain;
	for (std::size_t i = 0; i < token.size(); i += 2)
	{
		const int high = nibble(token[i]), low = nibble(token[i + 1]);
		if (high < 0 || low < 0) throw refused;
		plain += static_cast<char>(high * 16 + low);
	}
	const auto first = plain.find(SEPARATOR), second = plain.find(SEPARATOR, first + 1);
	if (plain.compare(0, first, "1") != 0 || first == std::string::npos || second == std::string::npos || plain.find(SEPARATOR, second + 1) != std::string::npos)
		throw refused;
	// Decoded bytes reach the database as text: only what tokenOf() could have made.
	if (!json::isValidUtf8(plain) || plain.find('\0') != std::string::npos) throw refused;
	return Cursor{plain.substr(first + 1, second - first - 1), plain.substr(second + 1)};
}


} } // namespace polytomic::http
