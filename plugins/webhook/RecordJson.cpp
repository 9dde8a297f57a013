//
// RecordJson.cpp
//


#include "RecordJson.h"
#include <cstdio>
#include <ctime>


namespace webhook {


using namespace polytomic;


namespace
{
	json::Value valueOf(const sdk::BatchReader& batch, int64_t row, std::size_t column)
	{
		if (batch.isNull(row, column)) return json::Value();
		switch (batch.field(column).type)
		{
		case sdk::Type::Int64: return json::Value(static_cast<long long>(batch.getInt64(row, column)));
		case sdk::Type::Float64: return json::Value(batch.getFloat64(row, column));
		case sdk::Type::Bool: return json::Value(batch.getBool(row, column));
		case sdk::Type::Date: return json::Value(RecordJson::date(batch.getDate(row, column)));
		case sdk::Type::Timestamp: return json::Value(RecordJson::timestamp(batch.getTimestamp(row, column)));
		case sdk::Type::Binary: return json::Value(RecordJson::base64(batch.getString(row, column)));
		case sdk::Type::Null: return json::Value();
		case sdk::Type::Json:
			try
			{
				return json::Value::parse(std::string(batch.getString(row, column)));
			}
			catch (const json::ParseError&)
			{
				return json::Value(std::string(batch.getString(row, column)));
			}
		default: return json::Value(std::string(batch.getString(row, column)));
		}
	}
}


json::Value RecordJson::of(const sdk::BatchReader& batch, int64_t row)
{
	json::Value record = json::Value::object();
	for (std::size_t c = 0; c < batch.columns(); ++c) record.set(batch.field(c).name, valueOf(batch, row, c));
	return record;
}


std::string RecordJson::date(int32_t days)
{
	const std::time_t seconds = static_cast<std::time_t>(days) * 86400;
	std::tm parts{};
	gmtime_r(&seconds, &parts);
	char text[64];
	std::snprintf(text, sizeof(text), "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
	return text;
}


std::string RecordJson::timestamp(int64_t micros)
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
	char text[80];
	std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
		parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<long long>(fraction));
	return text;
}


std::string RecordJson::base64(std::string_view bytes)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	std::string out;
	std::size_t i = 0;
	for (; i + 2 < bytes.size(); i += 3)
	{
		const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
			static_cast<unsigned char>(bytes[i + 2]);
		for (int shift: {18, 12, 6, 0}) out.push_back(alphabet[(n >> shift) & 63]);
	}
	if (i < bytes.size())
	{
		unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
		if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
		out.push_back(alphabet[(n >> 18) & 63]);
		out.push_back(alphabet[(n >> 12) & 63]);
		out.push_back(i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=');
		out.push_back('=');
	}
	return out;
}


} // namespace webhook
