//
// BatchJson.cpp
//


#include "plugins/BatchJson.h"
#include <cctype>
#include <cstdio>
#include <stdexcept>


namespace polytomic {
namespace plugins {


namespace
{
	const char* HEX = "0123456789abcdef";


	int64_t floorDiv(int64_t a, int64_t b)
	{
		return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
	}


	std::string hexOf(std::string_view bytes)
	{
		std::string out = "\\x";
		for (unsigned char c: bytes)
		{
			out += HEX[c >> 4];
			out += HEX[c & 15];
		}
		return out;
	}


	std::string_view cutAt(std::string_view text, std::size_t bytes)
		/// The first bytes of text, not ending inside a UTF-8 character.
	{
		if (text.size() <= bytes) return text;
		while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
		return text.substr(0, bytes);
	}


	std::string shortened(std::string_view text, std::size_t maxBytes, bool binary, bool* cut)
		/// text (hex when binary), cut to about maxBytes with a note of its whole length (cut set then).
	{
		const std::size_t keep = binary ? maxBytes / 2 : maxBytes;
		if (text.size() <= keep) return binary ? hexOf(text) : std::string(text);
		if (cut) *cut = true;
		return (binary ? hexOf(text.substr(0, keep)) : std::string(cutAt(text, keep))) + "... [truncated: " + std::to_string(text.size()) +
			" bytes in all]";
	}


	std::string bytesOfHex(const std::string& text)
	{
		if (text.rfind("\\x", 0) != 0 || text.size() % 2) throw std::runtime_error("binary values are written \\x<hex>");
		std::string out;
		for (std::size_t i = 2; i < text.size(); i += 2) out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
		return out;
	}
}


int32_t daysFromCivil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = static_cast<unsigned>(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + static_cast<int>(doe) - 719468;
}


std::string civilFromDays(int32_t z)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = static_cast<unsigned>(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int y = static_cast<int>(yoe) + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp + 2) / 5 + 1;
	const unsigned m = mp < 10 ? mp + 3 : mp - 9;
	char buffer[32];
	std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u", y + (m <= 2), m, d);
	return buffer;
}


std::string formatTimestamp(int64_t micros)
{
	const int64_t days = floorDiv(micros, 86400000000LL);
	int64_t rest = micros - days * 86400000000LL;
	const int hours = static_cast<int>(rest / 3600000000LL);
	rest %= 3600000000LL;
	const int minutes = static_cast<int>(rest / 60000000LL);
	rest %= 60000000LL;
	char buffer[64];
	std::snprintf(buffer, sizeof(buffer), "%sT%02d:%02d:%02d.%06dZ", civilFromDays(static_cast<int32_t>(days)).c_str(), hours, minutes,
		static_cast<int>(rest / 1000000), static_cast<int>(rest % 1000000));
	return buffer;
}


namespace
{
	class TimeText
		/// Reads an ISO 8601 date or timestamp field by field, each a fixed number
		/// of digits in its range, so that "+0530" is five and a half hours and
		/// "2026-13-01" is refused rather than read as some other day.
	{
	public:
		explicit TimeText(const std::string& text): _text(text) {}

		int field(std::size_t digits, int low, int high, const char* what)
		{
			int value = 0;
			for (std::size_t i = 0; i < digits; ++i, ++_pos)
			{
				if (_pos >= _text.size() || !std::isdigit(static_cast<unsigned char>(_text[_pos]))) refuse();
				value = value * 10 + (_text[_pos] - '0');
			}
			if (value < low || value > high)
				throw std::runtime_error("'" + _text + "': the " + what + " " + std::to_string(value) + " is not from " + std::to_string(low) +
					" to " + std::to_string(high));
			return value;
		}

		bool next(char c)
		{
			if (_pos >= _text.size() || _text[_pos] != c) return false;
			++_pos;
			return true;
		}

		void expect(char c)
		{
			if (!next(c)) refuse();
		}

		bool digitNext() const { return _pos < _text.size() && std::isdigit(static_cast<unsigned char>(_text[_pos])); }
		bool atEnd() const { return _pos == _text.size(); }

		int32_t date()
		{
			const int y = field(4, 0, 9999, "year");
			expect('-');
			const int m = field(2, 1, 12, "month");
			expect('-');
			static const int DAYS[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
			const int d = field(2, 1, DAYS[m - 1], "day");
			const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			if (m == 2 && d == 29 && !leap) throw std::runtime_error("'" + _text + "': " + std::to_string(y) + " has no 29 February");
			return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
		}

		[[noreturn]] void refuse() const
		{
			throw std::runtime_error("'" + _text + "' is not an ISO 8601 date (YYYY-MM-DD) or timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])");
		}

	private:
		const std::string& _text;
		std::size_t _pos = 0;
	};
}


int32_t parseDate(const std::string& text)
{
	TimeText in(text);
	const int32_t days = in.date();
	if (!in.atEnd()) in.refuse();
	return days;
}


int64_t parseTimestamp(const std::string& text)
{
	TimeText in(text);
	const int64_t days = in.date();
	int64_t seconds = 0, fraction = 0, offset = 0;
	if (in.next('T') || in.next('t') || in.next(' '))
	{
		seconds = in.field(2, 0, 23, "hour") * 3600LL;
		in.expect(':');
		seconds += in.field(2, 0, 59, "minute") * 60LL;
		if (in.next(':')) seconds += in.field(2, 0, 59, "second");
		if (in.next('.') || in.next(','))
		{
			if (!in.digitNext()) in.refuse();
			int digits = 0;
			for (; in.digitNext(); ++digits)
			{
				const int digit = in.field(1, 0, 9, "digit");
				if (digits < 6) fraction = fraction * 10 + digit;
			}
			for (; digits < 6; ++digits) fraction *= 10;
		}
		if (!in.next('Z') && !in.next('z'))
		{
			const int sign = in.next('+') ? 1 : in.next('-') ? -1 : 0;
			if (sign != 0)
			{
				// +HH:MM, +HHMM or +HH; real offsets run from -12:00 to +14:00.
				const int hours = in.field(2, 0, 14, "offset hour");
				in.next(':');
				const int minutes = in.atEnd() ? 0 : in.field(2, 0, 59, "offset minute");
				if (hours * 60 + minutes > 14 * 60) throw std::runtime_error("'" + text + "': the offset is past 14:00");
				offset = sign * (hours * 3600LL + minutes * 60LL);
			}
		}
	}
	if (!in.atEnd()) in.refuse();
	return (days * 86400LL + seconds - offset) * 1000000LL + fraction;
}


json::Value rowToJson(const sdk::BatchReader& batch, int64_t row, std::size_t maxValueBytes, bool* cut)
{
	json::Value out = json::Value::array();
	for (std::size_t c = 0; c < batch.columns(); ++c)
	{
		if (batch.isNull(row, c))
		{
			out.push(nullptr);
			continue;
		}
		switch (batch.field(c).type)
		{
		case sdk::Type::Int64: out.push(static_cast<long long>(batch.getInt64(row, c))); break;
		case sdk::Type::Float64: out.push(batch.getFloat64(row, c)); break;
		case sdk::Type::Bool: out.push(batch.getBool(row, c)); break;
		case sdk::Type::Date: out.push(civilFromDays(batch.getDate(row, c))); break;
		case sdk::Type::Timestamp: out.push(formatTimestamp(batch.getTimestamp(row, c))); break;
		case sdk::Type::Binary: out.push(shortened(batch.getString(row, c), maxValueBytes, true, cut)); break;
		case sdk::Type::Null: out.push(nullptr); break;
		default: out.push(shortened(batch.getString(row, c), maxValueBytes, false, cut)); break;
		}
	}
	return out;
}


void appendJsonRow(sdk::BatchBuilder& batch, const json::Value& row)
{
	if (!row.isArray() || row.size() != batch.columns())
		throw std::runtime_error("each row must be an array of " + std::to_string(batch.columns()) + " values");
	for (std::size_t c = 0; c < batch.columns(); ++c)
	{
		const json::Value& v = row[c];
		const sdk::Field& field = batch.field(c);
		try
		{
			if (v.isNull() || field.type == sdk::Type::Null)
			{
				batch.appendNull(c);
				continue;
			}
			switch (field.type)
			{
			case sdk::Type::String: batch.appendString(c, v.asString()); break;
			case sdk::Type::Int64: batch.appendInt64(c, v.asInt64()); break;
			case sdk::Type::Float64: batch.appendFloat64(c, v.asDouble()); break;
			case sdk::Type::Bool: batch.appendBool(c, v.asBool()); break;
			case sdk::Type::Decimal: batch.appendDecimal(c, v.isString() ? v.asString() : v.dump()); break;
			case sdk::Type::Json: batch.appendJson(c, v.isString() ? v.asString() : v.dump()); break;
			case sdk::Type::Binary: batch.appendBinary(c, bytesOfHex(v.asString())); break;
			case sdk::Type::Date:
			{
				batch.appendDate(c, parseDate(v.asString()));
				break;
			}
			case sdk::Type::Timestamp:
				batch.appendTimestamp(c, v.isNumber() ? v.asInt64() : parseTimestamp(v.asString()));
				break;
			case sdk::Type::Null: break;
			}
		}
		catch (const std::exception& e)
		{
			throw std::runtime_error("column '" + field.name + "': " + e.what());
		}
	}
}


json::Value fieldsToJson(const std::vector<sdk::Field>& fields)
{
	json::Value out = json::Value::array();
	for (const auto& f: fields)
	{
		json::Value field = json::Value::object();
		field.set("name", f.name);
		field.set("type", sdk::typeName(f.type));
		field.set("nullable", f.nullable);
		out.push(field);
	}
	return out;
}


std::vector<sdk::Field> fieldsFromJson(const json::Value& fields)
{
	std::vector<sdk::Field> out;
	for (const auto& f: fields.items()) out.push_back({f["name"].asString(), sdk::parseType(f["type"].asString()), f.getBool("nullable", true)});
	return out;
}


} } // namespace polytomic::plugins
