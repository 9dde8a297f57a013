//
// PostgresTypes.h
//
// Definition of the PostgresTypes class.
//


#ifndef Polytomic_Postgres_PostgresTypes_INCLUDED
#define Polytomic_Postgres_PostgresTypes_INCLUDED


#include "polytomic/batch.hpp"
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>


namespace polytomic {
namespace postgres {


class PostgresTypes
	/// The type mapping both ways, and the conversion of values between
	/// PostgreSQL's text forms (in the session the connector sets: ISO dates,
	/// UTC, hex bytea) and the SDK's values.
	///
	///   smallint, integer, bigint, oid          int64
	///   real, double precision                  float64
	///   numeric                                 decimal (exact digits)
	///   boolean                                 bool
	///   date                                    date
	///   timestamp, timestamp with time zone     timestamp (UTC; without time zone taken as UTC)
	///   json, jsonb, every array type           json (arrays through array_to_json)
	///   bytea                                   binary
	///   everything else (text, uuid, ...)       string
	///
	/// Infinite dates and timestamps are the extreme values of their SDK types.
{
public:
	static sdk::Type fromPostgres(const std::string& typeName, char category);
		/// The SDK type of a column of that (base) type, pg_type.typname and typcategory.

	static bool isArray(char category);

	static bool isTrackable(const std::string& typeName);
		/// True for integer, date and timestamp types: usable to read incrementally.

	static std::string toPostgres(sdk::Type type);

	static std::optional<std::string> widened(const std::string& column, sdk::Type type);
		/// The type a column of type `column` (format_type's text) must become to
		/// hold values of `type` without loss, when it cannot already; never a
		/// narrower one (text stays text). Nothing when the column fits.
		/// The column type the connector creates for a field of that SDK type.

	static int64_t parseInt64(std::string_view text);
	static double parseFloat64(std::string_view text);
	static int32_t parseDate(std::string_view text);
	static int64_t parseTimestamp(std::string_view text);
	static void parseBytea(std::string_view text, std::string& out);
		/// Each throws sdk::Error for a text it does not understand.

	static void appendInt64(std::string& out, int64_t value);
	static void appendFloat64(std::string& out, double value);
	static void appendDate(std::string& out, int32_t days);
	static void appendTimestamp(std::string& out, int64_t micros);
	static void appendBytea(std::string& out, std::string_view bytes);
		/// The text PostgreSQL reads back as the same value (bytea as \x hex).

	static constexpr int32_t DATE_INFINITY = std::numeric_limits<int32_t>::max();
	static constexpr int32_t DATE_MINUS_INFINITY = std::numeric_limits<int32_t>::min();
	static constexpr int64_t TIMESTAMP_INFINITY = std::numeric_limits<int64_t>::max();
	static constexpr int64_t TIMESTAMP_MINUS_INFINITY = std::numeric_limits<int64_t>::min();
};


} } // namespace polytomic::postgres


#endif // Polytomic_Postgres_PostgresTypes_INCLUDED
