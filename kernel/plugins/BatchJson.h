//
// BatchJson.h
//
// Conversions between batches and JSON rows (for samples, tests and the harness).
//


#ifndef Polytomic_Plugins_BatchJson_INCLUDED
#define Polytomic_Plugins_BatchJson_INCLUDED


#include "polytomic/batch.hpp"
#include "polytomic/json.hpp"
#include <cstdint>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


json::Value rowToJson(const sdk::BatchReader& batch, int64_t row, std::size_t maxValueBytes = std::string::npos, bool* cut = nullptr);
	/// One row as a JSON array: dates "YYYY-MM-DD", timestamps
	/// "YYYY-MM-DDTHH:MM:SS.ffffffZ", binary as "\\x<hex>", json as its text.
	/// Text (and hex) longer than maxValueBytes is cut there and ends with
	/// "... [truncated: N bytes in all]": a preview shows a value, not all of it.
	/// cut, when given, is set true when a value was cut.

void appendJsonRow(sdk::BatchBuilder& batch, const json::Value& row);
	/// The reverse of rowToJson; throws std::runtime_error naming the column
	/// when a value does not fit its type.

json::Value fieldsToJson(const std::vector<sdk::Field>& fields);
std::vector<sdk::Field> fieldsFromJson(const json::Value& fields);

int32_t daysFromCivil(int year, unsigned month, unsigned day);
std::string civilFromDays(int32_t days);
std::string formatTimestamp(int64_t micros);
int32_t parseDate(const std::string& text);
	/// "YYYY-MM-DD" as days since 1970-01-01; throws std::runtime_error naming
	/// the field out of range (month 13, 30 February).
int64_t parseTimestamp(const std::string& text);
	/// ISO 8601 as microseconds since the epoch: a date alone (midnight UTC), or a
	/// date and a time with optional seconds and fraction and a Z, +HH:MM, +HHMM
	/// or +HH offset (at most 14:00). Throws std::runtime_error on anything else.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_BatchJson_INCLUDED
