//
// PostgresTypes.cpp
//


#include "PostgresTypes.h"
#include "polytomic/connector.hpp"
#include <charconv>
#include <cmath>


namespace polytomic {
namespace postgres {


namespace
{
	const int64_t MICROS_PER_DAY = 86400LL * 1000000LL;


	int64_t daysFromCivil(int64_t y, int64_t m, int64_t d)
		/// Days since 1970-01-01 of a proleptic Gregorian date (year 0 is 1 BC).
	{
		y -= m <= 2;
		const int64_t era = (y >= 0 ? y : y - 399) / 400;
		const int64_t yoe = y - era * 400;
		const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		return era * 146097 + doe - 719468;
	}


	void civilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d)
	{
		z += 719468;
		const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
		const int64_t doe = z - era * 146097;
		const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		const int64_t mp = (5 * doy + 2) / 153;
		d = doy - (153 * mp + 2) / 5 + 1;
		m = mp + (mp < 10 ? 3 : -9);
		y = yoe + era * 400 + (m <= 2);
	}


	[[noreturn]] void bad(const char* what, std::string_view text)
	{
		throw sdk::Error(std::string("cannot read the ") + what + " '" + std::string(text) + "'");
	}


	bool digits(std::string_view text, std::size_t& pos, std::size_t min, std::size_t max, int64_t& value)
	{
		value = 0;
		std::size_t n = 0;
		while (pos < text.size() && n < max && text[pos] >= '0' && text[pos] <= '9')
		{
			value = value * 10 + (text[pos++] - '0');
			++n;
		}
		return n >= min;
	}


	bool expect(std::string_view text, std::size_t& pos, char c)
	{
		if (pos >= text.size() || text[pos] != c) return false;
		++pos;
		return true;
	}


	bool parseDatePart(std::string_view text, std::size_t& pos, int64_t& days, bool& bc)
		/// YYYY-MM-DD (4 or more year digits); the caller handles " BC".
	{
		int64_t y, m, d;
		if (!digits(text, pos, 4, 9, y) || !expect(text, pos, '-') || !digits(text, pos, 2, 2, m) || !expect(text, pos, '-') ||
			!digits(text, pos, 2, 2, d))
			return false;
		bc = text.size() >= 3 && text.substr(text.size() - 3) == " BC";
		if (bc) y = 1 - y;
		days = daysFromCivil(y, m, d);
		return m >= 1 && m <= 12 && d >= 1 && d <= 31;
	}


	void appendPadded(std::string& out, int64_t value, int width)
	{
		char buf[24];
		int n = 0;
		do
		{
			buf[n++] = static_cast<char>('0' + value % 10);
			value /= 10;
		} while (value > 0);
		for (int i = n; i < width; ++i) out += '0';
		while (n > 0) out += buf[--n];
	}


	void appendCivil(std::string& out, int64_t days, bool& bc)
	{
		int64_t y, m, d;
		civilFromDays(days, y, m, d);
		bc = y <= 0;
		appendPadded(out, bc ? 1 - y : y, 4);
		out += '-';
		appendPadded(out, m, 2);
		out += '-';
		appendPadded(out, d, 2);
	}
}


sdk::Type PostgresTypes::fromPostgres(const std::string& typeName, char category)
{
	if (isArray(category)) return sdk::Type::Json;
	if (typeName == "int2" || typeName == "int4" || typeName == "int8" || typeName == "oid") return sdk::Type::Int64;
	if (typeName == "float4" || typeName == "float8") return sdk::Type::Float64;
	if (typeName == "numeric") return sdk::Type::Decimal;
	if (typeName == "bool") return sdk::Type::Bool;
	if (typeName == "date") return sdk::Type::Date;
	if (typeName == "timestamp" || typeName == "timestamptz") return sdk::Type::Timestamp;
	if (typeName == "json" || typeName == "jsonb") return sdk::Type::Json;
	if (typeName == "bytea") return sdk::Type::Binary;
	return sdk::Type::String;
}


bool PostgresTypes::isArray(char category)
{
	return category == 'A';
}


bool PostgresTypes::isTrackable(const std::string& typeName)
{
	return typeName == "int2" || typeName == "int4" || typeName == "int8" || typeName == "date" || typeName == "timestamp" ||
		typeName == "timestamptz";
}


std::string PostgresTypes::toPostgres(sdk::Type type)
{
	switch (type)
	{
	case sdk::Type::String: return "text";
	case sdk::Type::Int64: return "bigint";
	case sdk::Type::Float64: return "double precision";
	case sdk::Type::Bool: return "boolean";
	case sdk::Type::Decimal: return "numeric";
	case sdk::Type::Date: return "date";
	case sdk::Type::Timestamp: return "timestamp with time zone";
	case sdk::Type::Json: return "jsonb";
	case sdk::Type::Binary: return "bytea";
	case sdk::Type::Null: return "text";
	}
	return "text";
}


std::optional<std::string> PostgresTypes::widened(const std::string& column, sdk::Type type)
{
	const auto is = [&column](std::initializer_list<const char*> names) {
		for (const char* n: names)
			if (column == n) return true;
		return false;
	};
	const bool integer = is({"smallint", "integer", "bigint"});
	const bool textual = is({"text"}) || column.rfind("character", 0) == 0;
	switch (type)
	{
	case sdk::Type::Int64:
		if (is({"smallint", "integer"})) return std::string("bigint");
		break;
	case sdk::Type::Float64:
		if (integer) return std::string("numeric");
		if (is({"real"})) return std::string("double precision");
		break;
	case sdk::Type::Decimal:
		if (integer || is({"real", "double precision"}) || column.rfind("numeric(", 0) == 0) return std::string("numeric");
		break;
	case sdk::Type::Timestamp:
		if (is({"date"})) return std::string("timestamp with time zone");
		break;
	case sdk::Type::String:
		if (column.rfind("character varying(", 0) == 0 || column.rfind("character(", 0) == 0) return std::string("text");
		break;
	default:
		break;
	}
	if (textual || column == "jsonb" || column == "json") return std::nullopt;
	// A value of another kind altogether (text into a number, JSON into a date, ...): text holds anything.
	const bool fits = (type == sdk::Type::Int64 && (integer || is({"numeric", "double precision", "real"}) || column.rfind("numeric", 0) == 0)) ||
		(type == sdk::Type::Float64 && (is({"double precision", "numeric"}) || column.rfind("numeric", 0) == 0)) ||
		(type == sdk::Type::Decimal && column == "numeric") ||
		(type == sdk::Type::Bool && column == "boolean") ||
		(type == sdk::Type::Date && is({"date", "timestamp with time zone", "timestamp without time zone"})) ||
		(type == sdk::Type::Timestamp && is({"timestamp with time zone", "timestamp without time zone"})) ||
		(type == sdk::Type::Binary && column == "bytea") || type == sdk::Type::Null;
	if (fits) return std::nullopt;
	return std::string("text");
}


int64_t PostgresTypes::parseInt64(std::string_view text)
{
	int64_t value = 0;
	const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
	if (result.ec != std::errc() || result.ptr != text.data() + text.size()) bad("integer", text);
	return value;
}


double PostgresTypes::parseFloat64(std::string_view text)
{
	if (text == "NaN") return std::nan("");
	if (text == "Infinity") return HUGE_VAL;
	if (text == "-Infinity") return -HUGE_VAL;
	double value = 0;
	const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
	if (result.ec == std::errc::result_out_of_range) return value;
	if (result.ec != std::errc() || result.ptr != text.data() + text.size()) bad("number", text);
	return value;
}


int32_t PostgresTypes::parseDate(std::string_view text)
{
	if (text == "infinity") return DATE_INFINITY;
	if (text == "-infinity") return DATE_MINUS_INFINITY;
	std::size_t pos = 0;
	int64_t days;
	bool bc;
	if (!parseDatePart(text, pos, days, bc) || pos != text.size() - (bc ? 3 : 0)) bad("date", text);
	return static_cast<int32_t>(days);
}


int64_t PostgresTypes::parseTimestamp(std::string_view text)
{
	if (text == "infinity") return TIMESTAMP_INFINITY;
	if (text == "-infinity") return TIMESTAMP_MINUS_INFINITY;
	std::size_t pos = 0;
	int64_t days;
	bool bc;
	if (!parseDatePart(text, pos, days, bc)) bad("timestamp", text);
	const std::size_t end = text.size() - (bc ? 3 : 0);
	int64_t h = 0, mi = 0, s = 0, micros = 0, offset = 0;
	if (pos < end)
	{
		if (!expect(text, pos, ' ') || !digits(text, pos, 2, 2, h) || !expect(text, pos, ':') || !digits(text, pos, 2, 2, mi) ||
			!expect(text, pos, ':') || !digits(text, pos, 2, 2, s))
			bad("timestamp", text);
		if (pos < end && text[pos] == '.')
		{
			++pos;
			int n = 0;
			while (pos < end && text[pos] >= '0' && text[pos] <= '9')
			{
				if (n < 6)
				{
					micros = micros * 10 + (text[pos] - '0');
					++n;
				}
				++pos;
			}
			for (; n < 6; ++n) micros *= 10;
		}
		if (pos < end && (text[pos] == '+' || text[pos] == '-'))
		{
			const int64_t sign = text[pos++] == '-' ? -1 : 1;
			int64_t oh = 0, om = 0, os = 0;
			if (!digits(text, pos, 2, 2, oh)) bad("timestamp", text);
			if (expect(text, pos, ':') && !digits(text, pos, 2, 2, om)) bad("timestamp", text);
			if (expect(text, pos, ':') && !digits(text, pos, 2, 2, os)) bad("timestamp", text);
			offset = sign * (oh * 3600 + om * 60 + os);
		}
		if (pos != end) bad("timestamp", text);
	}
	return days * MICROS_PER_DAY + (h * 3600 + mi * 60 + s - offset) * 1000000LL + micros;
}


void PostgresTypes::parseBytea(std::string_view text, std::string& out)
{
	out.clear();
	if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) bad("bytea", text.substr(0, 16));
	out.reserve((text.size() - 2) / 2);
	auto nibble = [&text](char c) {
		if (c >= '0' && c <= '9') return c - '0';
		if (c >= 'a' && c <= 'f') return c - 'a' + 10;
		if (c >= 'A' && c <= 'F') return c - 'A' + 10;
		bad("bytea", text.substr(0, 16));
	};
	for (std::size_t i = 2; i < text.size(); i += 2) out += static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1]));
}


void PostgresTypes::appendInt64(std::string& out, int64_t value)
{
	char buf[24];
	const auto result = std::to_chars(buf, buf + sizeof(buf), value);
	out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}


void PostgresTypes::appendFloat64(std::string& out, double value)
{
	if (std::isnan(value))
	{
		out += "NaN";
		return;
	}
	if (std::isinf(value))
	{
		out += value > 0 ? "Infinity" : "-Infinity";
		return;
	}
	char buf[32];
	const auto result = std::to_chars(buf, buf + sizeof(buf), value);
	out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}


void PostgresTypes::appendDate(std::string& out, int32_t days)
{
	if (days == DATE_INFINITY)
	{
		out += "infinity";
		return;
	}
	if (days == DATE_MINUS_INFINITY)
	{
		out += "-infinity";
		return;
	}
	bool bc;
	appendCivil(out, days, bc);
	if (bc) out += " BC";
}


void PostgresTypes::appendTimestamp(std::string& out, int64_t micros)
{
	if (micros == TIMESTAMP_INFINITY)
	{
		out += "infinity";
		return;
	}
	if (micros == TIMESTAMP_MINUS_INFINITY)
	{
		out += "-infinity";
		return;
	}
	int64_t days = micros / MICROS_PER_DAY;
	int64_t rest = micros % MICROS_PER_DAY;
	if (rest < 0)
	{
		rest += MICROS_PER_DAY;
		--days;
	}
	bool bc;
	appendCivil(out, days, bc);
	const int64_t seconds = rest / 1000000;
	out += ' ';
	appendPadded(out, seconds / 3600, 2);
	out += ':';
	appendPadded(out, seconds / 60 % 60, 2);
	out += ':';
	appendPadded(out, seconds % 60, 2);
	out += '.';
	appendPadded(out, rest % 1000000, 6);
	out += "+00";
	if (bc) out += " BC";
}


void PostgresTypes::appendBytea(std::string& out, std::string_view bytes)
{
	static const char* HEX = "0123456789abcdef";
	out += "\\x";
	for (unsigned char c: bytes)
	{
		out += HEX[c >> 4];
		out += HEX[c & 15];
	}
}


} } // namespace polytomic::postgres
