//
// Pagination.h
//
// Definition of the Pagination class.
//


#ifndef Polytomic_Http_Pagination_INCLUDED
#define Polytomic_Http_Pagination_INCLUDED


#include "http/Exchange.h"
#include "http/HttpError.h"
#include "polytomic/json.hpp"
#include <functional>
#include <optional>
#include <string>
#include <vector>


namespace polytomic {
namespace http {


class Pagination
	/// The API's rule for lists, in one place, so that the SDK can follow every list:
	///  - where the SDK's method takes a page_token (bulkSync.executions.list and
	///    modelSync.executions.list in SDK 1.18.1), the list is paged: page_token in,
	///    {"data": [...], "pagination": {"next_page_token": ... or null}} out, the token
	///    an opaque keyset cursor (the last row's sort key and id) made by tokenOf();
	///  - where the SDK's method takes none, the list is whole: whole() reads it from the
	///    repository page by page until the end, bounded by a maximum the caller names
	///    (refused with 422 beyond it, never cut short silently).
	/// A handler picks one per route; a repository needs only "rows after this cursor, at most n".
{
public:
	struct Cursor
		/// Where a page ended: the last row's sort key (a timestamp, a name) and id.
	{
		std::string sortKey;
		std::string id;
	};

	template <class Row>
	using Fetch = std::function<std::vector<Row>(const std::optional<Cursor>& after, std::size_t limit)>;
		/// The rows after the cursor (from the start without one), in the list's order, at most limit.

	template <class Row>
	using CursorOf = std::function<Cursor(const Row&)>;

	static std::optional<Cursor> pageToken(Exchange& exchange);
		/// The request's page_token, decoded; none without one; 400 when it is not a
		/// next_page_token this server gave.

	static std::string tokenOf(const Cursor& cursor);
		/// The opaque next_page_token of a cursor.

	template <class Row>
	static void sendPage(Exchange& exchange, const Fetch<Row>& fetch, const CursorOf<Row>& cursorOf,
		const std::function<json::Value(const Row&)>& toJson, std::size_t defaultLimit, std::size_t maximum);
		/// A paged list: ?limit= (1..maximum, 400 otherwise) rows after ?page_token=, with the
		/// next token when more follow (one extra row is read to know).

	template <class Row>
	static std::vector<Row> whole(const Fetch<Row>& fetch, const CursorOf<Row>& cursorOf, std::size_t maximum,
		const std::string& what, std::size_t batch = 500);
		/// Every row, read batch by batch; HttpError 422 list_too_large naming what when more than maximum.
};


//
// templates
//
template <class Row>
void Pagination::sendPage(Exchange& exchange, const Fetch<Row>& fetch, const CursorOf<Row>& cursorOf,
	const std::function<json::Value(const Row&)>& toJson, std::size_t defaultLimit, std::size_t maximum)
{
	const std::size_t limit = exchange.limit(defaultLimit, maximum);
	std::vector<Row> rows = fetch(pageToken(exchange), limit + 1);
	const bool more = rows.size() > limit;
	if (more) rows.resize(limit);
	json::Value data = json::Value::array();
	for (const Row& row: rows) data.push(toJson(row));
	exchange.sendPage(data, more ? tokenOf(cursorOf(rows.back())) : std::string());
}


template <class Row>
std::vector<Row> Pagination::whole(const Fetch<Row>& fetch, const CursorOf<Row>& cursorOf, std::size_t maximum,
	const std::string& what, std::size_t batch)
{
	std::vector<Row> all;
	std::optional<Cursor> after;
	for (;;)
	{
		std::vector<Row> rows = fetch(after, batch);
		const bool last = rows.size() < batch;
		for (Row& row: rows) all.push_back(std::move(row));
		if (all.size() > maximum)
			throw HttpError(422, "list_too_large", "there are more than " + std::to_string(maximum) + " " + what +
				", more than one answer holds; narrow the list with its filters");
		if (last || all.empty()) return all;
		after = cursorOf(all.back());
	}
}


} } // namespace polytomic::http


#endif // Polytomic_Http_Pagination_INCLUDED
