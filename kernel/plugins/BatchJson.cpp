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


int64_t parseTimestamp(const std::string& text)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
	if (std::sscanf(text.c_str(), "%d-%d-%d%*1[T ]%d:%d:%d%n", &y, &mo, &d, &h, &mi, &s, &consumed) < 6)
		throw std::runtime_error("'" + text + "' is not an ISO 8601 timestamp");
	std::size_t pos = static_cast<std::size_t>(consumed);
	int64_t fraction = 0;
	if (pos < text.size() && text[pos] == '.')
	{
		int digits = 0;
		for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos)
			if (digits++ < 6) fraction = fraction * 10 + (text[pos] - '0');
		for (; digits < 6; ++digits) fraction *= 10;
	}
	int64_t offset = 0;
	if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
	{
		int oh = 0, om = 0;
		std::sscanf(text.c_str() + pos + 1, "%d:%d", &oh, &om);
		offset = (text[pos] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL) * 1000000LL;
	}
	const int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
	return ((days * 86400LL + h * 3600LL + mi * 60LL + s) * 1000000LL) + fraction - offset;
}


json::Value rowToJson(const sdk::BatchReader& batch, int64_t row)
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
		case sdk::Type::Binary: out.push(hexOf(batch.getString(row, c))); break;
		case sdk::Type::Null: out.push(nullptr); break;
		default: out.push(std::string(batch.getString(row, c))); break;
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
				int y = 0, m = 0, d = 0;
				if (std::sscanf(v.asString().c_str(), "%d-%d-%d", &y, &m, &d) != 3) throw std::runtime_error("expected YYYY-MM-DD");
				batch.appendDate(c, daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
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
