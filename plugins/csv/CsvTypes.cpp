//
// CsvTypes.cpp
//


#include "CsvTypes.h"
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>


namespace csv {


using namespace polytomic;


namespace
{
	enum Candidate : unsigned { INT64 = 1, DECIMAL = 2, FLOAT64 = 4, BOOL = 8, DATE = 16, TIMESTAMP = 32 };


	bool digit(char c)
	{
		return c >= '0' && c <= '9';
	}


	std::size_t digitsAt(std::string_view t, std::size_t i)
	{
		std::size_t n = 0;
		while (i + n < t.size() && digit(t[i + n])) ++n;
		return n;
	}


	bool integerPart(std::string_view t, std::size_t& i)
		/// -?(0|[1-9][0-9]*) from i.
	{
		if (i < t.size() && t[i] == '-') ++i;
		const std::size_t n = digitsAt(t, i);
		if (n == 0 || (n > 1 && t[i] == '0')) return false;
		i += n;
		return true;
	}


	int number(std::string_view t, std::size_t at, std::size_t length)
	{
		int n = 0;
		for (std::size_t i = at; i < at + length; ++i) n = n * 10 + (t[i] - '0');
		return n;
	}


	int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
		/// Howard Hinnant's days_from_civil: days since 1970-01-01.
	{
		y -= m <= 2;
		const int64_t era = (y >= 0 ? y : y - 399) / 400;
		const unsigned yoe = static_cast<unsigned>(y - era * 400);
		const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		return era * 146097 + static_cast<int64_t>(doe) - 719468;
	}


	bool dateAt(std::string_view t, int64_t& days)
		/// YYYY-MM-DD at the start of t.
	{
		if (t.size() < 10 || digitsAt(t, 0) != 4 || t[4] != '-' || digitsAt(t, 5) != 2 || t[7] != '-' || digitsAt(t, 8) != 2) return false;
		const int y = number(t, 0, 4), m = number(t, 5, 2), d = number(t, 8, 2);
		static const int lengths[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		if (m < 1 || m > 12 || d < 1 || d > lengths[m - 1]) return false;
		if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
		days = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
		return true;
	}


	unsigned candidatesOf(std::string_view v)
	{
		unsigned out = 0;
		if (CsvTypes::int64Of(v)) out |= INT64;
		if (CsvTypes::isDecimal(v)) out |= DECIMAL;
		if (CsvTypes::float64Of(v)) out |= FLOAT64;
		if (CsvTypes::boolOf(v)) out |= BOOL;
		if (CsvTypes::dateOf(v)) out |= DATE;
		if (CsvTypes::timestampOf(v)) out |= TIMESTAMP;
		return out;
	}
}


void CsvTypes::Guess::see(std::string_view value)
{
	if (value.empty()) return;
	_seen = true;
	if (_candidates) _candidates &= candidatesOf(value);
}


sdk::Type CsvTypes::Guess::type() const
{
	if (!_seen) return sdk::Type::String;
	if (_candidates & INT64) return sdk::Type::Int64;
	if (_candidates & DECIMAL) return sdk::Type::Decimal;
	if (_candidates & FLOAT64) return sdk::Type::Float64;
	if (_candidates & BOOL) return sdk::Type::Bool;
	if (_candidates & DATE) return sdk::Type::Date;
	if (_candidates & TIMESTAMP) return sdk::Type::Timestamp;
	return sdk::Type::String;
}


std::optional<int64_t> CsvTypes::int64Of(std::string_view t)
{
	std::size_t i = 0;
	if (!integerPart(t, i) || i != t.size() || t.size() > 20) return std::nullopt;
	errno = 0;
	const std::string text(t);
	char* end = nullptr;
	const long long v = std::strtoll(text.c_str(), &end, 10);
	if (errno == ERANGE) return std::nullopt;
	return static_cast<int64_t>(v);
}


bool CsvTypes::isDecimal(std::string_view t)
{
	std::size_t i = 0;
	if (!integerPart(t, i)) return false;
	if (i == t.size()) return true;
	if (t[i] != '.') return false;
	const std::size_t n = digitsAt(t, i + 1);
	return n > 0 && i + 1 + n == t.size();
}


std::optional<double> CsvTypes::float64Of(std::string_view t)
{
	std::size_t i = 0;
	if (!integerPart(t, i)) return std::nullopt;
	if (i < t.size() && t[i] == '.')
	{
		const std::size_t n = digitsAt(t, i + 1);
		if (n == 0) return std::nullopt;
		i += 1 + n;
	}
	if (i < t.size() && (t[i] == 'e' || t[i] == 'E'))
	{
		++i;
		if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
		const std::size_t n = digitsAt(t, i);
		if (n == 0) return std::nullopt;
		i += n;
	}
	if (i != t.size()) return std::nullopt;
	const double v = std::strtod(std::string(t).c_str(), nullptr);
	if (!std::isfinite(v)) return std::nullopt;
	return v;
}


std::optional<bool> CsvTypes::boolOf(std::string_view t)
{
	auto same = [&](const char* word) {
		std::size_t n = 0;
		for (; word[n]; ++n)
			if (n >= t.size() || std::tolower(static_cast<unsigned char>(t[n])) != word[n]) return false;
		return n == t.size();
	};
	if (same("true")) return true;
	if (same("false")) return false;
	return std::nullopt;
}


std::optional<int32_t> CsvTypes::dateOf(std::string_view t)
{
	int64_t days = 0;
	if (t.size() != 10 || !dateAt(t, days)) return std::nullopt;
	return static_cast<int32_t>(days);
}


std::optional<int64_t> CsvTypes::timestampOf(std::string_view t)
{
	int64_t days = 0;
	if (t.size() < 16 || !dateAt(t, days) || (t[10] != 'T' && t[10] != ' ')) return std::nullopt;
	if (digitsAt(t, 11) != 2 || t[13] != ':' || digitsAt(t, 14) != 2) return std::nullopt;
	int64_t seconds = number(t, 11, 2) * 3600 + number(t, 14, 2) * 60;
	if (number(t, 11, 2) > 23 || number(t, 14, 2) > 59) return std::nullopt;
	std::size_t i = 16;
	int64_t micros = 0;
	if (i < t.size() && t[i] == ':')
	{
		if (digitsAt(t, i + 1) != 2 || number(t, i + 1, 2) > 60) return std::nullopt;
		seconds += number(t, i + 1, 2);
		i += 3;
		if (i < t.size() && t[i] == '.')
		{
			const std::size_t n = digitsAt(t, i + 1);
			if (n == 0 || n > 9) return std::nullopt;
			for (std::size_t k = 0; k < 6; ++k) micros = micros * 10 + (k < n ? t[i + 1 + k] - '0' : 0);
			i += 1 + n;
		}
	}
	if (i < t.size() && t[i] == 'Z') ++i;
	else if (i < t.size() && (t[i] == '+' || t[i] == '-'))
	{
		const int sign = t[i] == '-' ? -1 : 1;
		if (digitsAt(t, i + 1) != 2) return std::nullopt;
		int zone = number(t, i + 1, 2) * 60;
		i += 3;
		if (i < t.size() && t[i] == ':') ++i;
		if (digitsAt(t, i) != 2) return std::nullopt;
		zone += number(t, i, 2);
		i += 2;
		seconds -= sign * zone * 60;
	}
	if (i != t.size()) return std::nullopt;
	return (days * 86400 + seconds) * 1000000 + micros;
}


bool CsvTypes::append(sdk::BatchBuilder& batch, std::size_t column, std::string_view text)
{
	switch (batch.field(column).type)
	{
	case sdk::Type::Int64:
		if (auto v = int64Of(text)) batch.appendInt64(column, *v);
		else return false;
		return true;
	case sdk::Type::Decimal:
		if (!isDecimal(text)) return false;
		batch.appendDecimal(column, text);
		return true;
	case sdk::Type::Float64:
		if (auto v = float64Of(text)) batch.appendFloat64(column, *v);
		else return false;
		return true;
	case sdk::Type::Bool:
		if (auto v = boolOf(text)) batch.appendBool(column, *v);
		else return false;
		return true;
	case sdk::Type::Date:
		if (auto v = dateOf(text)) batch.appendDate(column, *v);
		else return false;
		return true;
	case sdk::Type::Timestamp:
		if (auto v = timestampOf(text)) batch.appendTimestamp(column, *v);
		else return false;
		return true;
	default: batch.appendString(column, text); return true;
	}
}


namespace
{
	std::string civil(int64_t days)
	{
		const std::time_t seconds = static_cast<std::time_t>(days) * 86400;
		std::tm parts{};
		gmtime_r(&seconds, &parts);
		char text[64];
		std::snprintf(text, sizeof(text), "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
		return text;
	}


	std::string timestampText(int64_t micros)
	{
		int64_t seconds = micros / 1000000, fraction = micros % 1000000;
		if (fraction < 0)
		{
			fraction += 1000000;
			--seconds;
		}
		const std::time_t t = static_cast<std::time_t>(seconds);
		std::tm parts{};
		gmtime_r(&t, &parts);
		char text[96];
		int n = std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
			parts.tm_hour, parts.tm_min, parts.tm_sec);
		if (fraction) n += std::snprintf(text + n, sizeof(text) - static_cast<std::size_t>(n), ".%06lld", static_cast<long long>(fraction));
		std::snprintf(text + n, sizeof(text) - static_cast<std::size_t>(n), "Z");
		return text;
	}


	std::string shortest(double v)
	{
		char text[40];
		for (int digits = 15; digits <= 17; ++digits)
		{
			std::snprintf(text, sizeof(text), "%.*g", digits, v);
			if (std::strtod(text, nullptr) == v) break;
		}
		return text;
	}
}


std::string CsvTypes::format(const sdk::BatchReader& batch, int64_t row, std::size_t column)
{
	switch (batch.field(column).type)
	{
	case sdk::Type::Int64: return std::to_string(batch.getInt64(row, column));
	case sdk::Type::Float64: return shortest(batch.getFloat64(row, column));
	case sdk::Type::Bool: return batch.getBool(row, column) ? "true" : "false";
	case sdk::Type::Date: return civil(batch.getDate(row, column));
	case sdk::Type::Timestamp: return timestampText(batch.getTimestamp(row, column));
	case sdk::Type::Null: return "";
	default: return std::string(batch.getString(row, column));
	}
}


} // namespace csv
