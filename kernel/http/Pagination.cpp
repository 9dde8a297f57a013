//
// Pagination.cpp
//


#include "http/Pagination.h"
#include "Poco/DigestEngine.h"
#include "Poco/Exception.h"


namespace polytomic {
namespace http {


namespace
{
	const char SEPARATOR = '\x1f'; // in neither a sort key nor an id
}


std::string Pagination::tokenOf(const Cursor& cursor)
{
	// Hex of "1<sep>sort key<sep>id": opaque to clients, URL-safe, and versioned by its first field.
	const std::string plain = std::string("1") + SEPARATOR + cursor.sortKey + SEPARATOR + cursor.id;
	return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(plain.begin(), plain.end()));
}


std::optional<Pagination::Cursor> Pagination::pageToken(Exchange& exchange)
{
	const std::string token = exchange.query("page_token");
	if (token.empty()) return std::nullopt;
	const HttpError refused(400, "bad_page_token", "page_token must be the pagination.next_page_token of an earlier answer, unchanged");
	if (token.size() % 2 != 0 || token.size() > 2048) throw refused;
	// tokenOf() writes lower-case hex only; digestFromHex would take upper case too.
	if (token.find_first_not_of("0123456789abcdef") != std::string::npos) throw refused;
	std::string plain;
	try
	{
		const auto bytes = Poco::DigestEngine::digestFromHex(token);
		plain.assign(bytes.begin(), bytes.end());
	}
	catch (const Poco::DataFormatException&)
	{
		throw refused;
	}
	const auto first = plain.find(SEPARATOR), second = plain.find(SEPARATOR, first + 1);
	if (plain.compare(0, first, "1") != 0 || first == std::string::npos || second == std::string::npos || plain.find(SEPARATOR, second + 1) != std::string::npos)
		throw refused;
	// Decoded bytes reach the database as text: only what tokenOf() could have made.
	if (!json::isValidUtf8(plain) || plain.find('\0') != std::string::npos) throw refused;
	return Cursor{plain.substr(first + 1, second - first - 1), plain.substr(second + 1)};
}


} } // namespace polytomic::http
