//
// PostgresReader.h
//
// Definition of the PostgresReader class.
//


#ifndef Polytomic_Postgres_PostgresReader_INCLUDED
#define Polytomic_Postgres_PostgresReader_INCLUDED


#include "PostgresConnection.h"
#include "polytomic/connector.hpp"
#include <optional>
#include <string>
#include <string_view>
#include <vector>


namespace polytomic {
namespace postgres {


class PostgresReader
	/// Reads a table, a view or the result of a query with one
	/// COPY (SELECT ...) TO STDOUT, turned into batches of batchRows rows as the
	/// rows arrive: memory stays flat however large the result.
	///
	/// With a tracking field, rows come ordered by it, only those after the
	/// cursor of the state given (tracking > cursor), and each batch carries the
	/// state {"cursor": "<its last tracking value>"}. A batch never ends between
	/// two rows of the same tracking value, so resuming after any batch neither
	/// skips nor repeats a row.
	///
	/// Everything runs in one READ ONLY transaction that is rolled back, each
	/// statement sent alone (extended protocol); a query also gets the
	/// connection's statement_timeout. A model's SQL reads, and nothing else.
{
public:
	PostgresReader(PostgresConnection& connection, const sdk::ReadRequest& request, const sdk::Host& host);

	void read(sdk::ReadContext& context);
		/// Stops within one batch when the host says so (emit returns false, or cancelled()).

	static const std::size_t MAX_BATCH_BYTES;
		/// A batch ends at batchRows rows or at about this many bytes (64 MiB).

	static const int CLIENT_CHECK_MILLISECONDS;
		/// How often PostgreSQL checks, during a query, that the reader is still there.

private:
	struct Column
	{
		std::string name;
		std::string alias;
		std::string typeName;
		char category = ' ';
		sdk::Type type = sdk::Type::String;
	};

	std::string source() const;
	void beginReadOnly();
	sdk::Error queryError(const PostgresError& e) const;
		/// What went wrong with the query, for the person who wrote it.
	void describe(const std::string& source);
	std::string copyStatement(const std::string& source) const;
	void append(sdk::BatchBuilder& builder, std::size_t index, const Column& column, std::string_view raw);
	json::Value stateAfter() const;

	PostgresConnection& _connection;
	const sdk::ReadRequest& _request;
	const sdk::Host& _host;
	std::vector<Column> _columns;
	std::vector<std::size_t> _selected;
	int _tracking = -1;
	std::optional<std::string> _cursor;
	std::string _scratch;
	std::string _bytes;
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresReader_INCLUDED
