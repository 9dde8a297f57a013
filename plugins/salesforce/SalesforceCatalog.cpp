//
// SalesforceCatalog.cpp
//


#include "SalesforceCatalog.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>


namespace salesforce {


using namespace polytomic;


namespace
{
	int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
		/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
	{
		y -= m <= 2;
		const int64_t era = (y >= 0 ? y : y - 399) / 400;
		const unsigned yoe = static_cast<unsigned>(y - era * 400);
		const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		return era * 146097 + static_cast<int64_t>(doe) - 719468;
	}


	std::string civilFromDays(int64_t z)
	{
		z += 719468;
		const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
		const unsigned doe = static_cast<unsigned>(z - era * 146097);
		const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		const int64_t y = static_cast<int64_t>(yoe) + era * 400;
		const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		const unsigned mp = (5 * doy + 2) / 153;
		const unsigned d = doy - (153 * mp + 2) / 5 + 1;
		const unsigned m = mp + (mp < 10 ? 3 : -9);
		char text[32];
		std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
		return text;
	}


	bool compound(const std::string& type)
	{
		return type == "address" || type == "location";
	}


	std::string encodedName(const std::string& name)
	{
		// Object names are letters, digits and underscores; anything else cannot be one.
		if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
			throw sdk::Error("'" + name + "' is not a Salesforce object name (letters, digits and underscores, such as Contact or Invoice__c)");
		return name;
	}
}


const Field* SObject::find(const std::string& wanted) const
{
	for (const Field& f: fields)
		if (f.name == wanted) return &f;
	return nullptr;
}


std::vector<std::string> SObject::externalIds() const
{
	std::vector<std::string> out;
	for (const Field& f: fields)
		if (f.externalId) out.push_back(f.name);
	return out;
}


bool SObject::tracked() const
{
	return find("SystemModstamp") != nullptr;
}


SalesforceCatalog::SalesforceCatalog(SalesforceApi& api):
	_api(api)
{
}


sdk::Type SalesforceCatalog::typeOf(const std::string& t)
{
	if (t == "boolean") return sdk::Type::Bool;
	if (t == "int" || t == "long") return sdk::Type::Int64;
	if (t == "double" || t == "currency" || t == "percent") return sdk::Type::Decimal;
	if (t == "date") return sdk::Type::Date;
	if (t == "datetime") return sdk::Type::Timestamp;
	return sdk::Type::String;
}


SObject SalesforceCatalog::object(const std::string& name)
{
	const SalesforceApi::Answer answer = _api.send("GET", _api.dataPath("/sobjects/" + encodedName(name) + "/describe"));
	if (answer.status == 404)
		throw sdk::Error("the Salesforce org has no object '" + name + "' (or the signed-in user may not see it); discover lists those there are");
	if (!answer.ok()) throw sdk::Error("Salesforce refused to describe " + name + ": " + SalesforceApi::errorText(answer.status, answer.body));
	const json::Value described = answer.json();
	SObject out{described.getString("name", name), described.getString("label", name), {}};
	if (described["fields"].isArray())
		for (const auto& f: described["fields"].items())
		{
			const std::string type = f.getString("type", "string");
			if (compound(type) || f.getString("name").empty()) continue;
			Field field;
			field.name = f.getString("name");
			field.salesforceType = type;
			field.type = typeOf(type);
			field.nillable = f.getBool("nillable", true);
			field.externalId = f.getBool("externalId", false);
			out.fields.push_back(field);
		}
	return out;
}


std::vector<SObject> SalesforceCatalog::objects(const std::vector<std::string>& only)
{
	const json::Value global = _api.get(_api.dataPath("/sobjects"));
	std::vector<SObject> out;
	if (!global["sobjects"].isArray()) return out;
	for (const auto& o: global["sobjects"].items())
	{
		const std::string name = o.getString("name");
		if (name.empty() || !o.getBool("queryable", false)) continue;
		if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
		out.push_back(object(name));
	}
	return out;
}


json::Value SalesforceCatalog::describe(const SObject& object)
{
	json::Value out = json::Value::object();
	out.set("id", object.name);
	out.set("name", object.label);
	json::Value fields = json::Value::array();
	for (const Field& f: object.fields)
	{
		json::Value field = json::Value::object();
		field.set("name", f.name);
		field.set("type", sdk::typeName(f.type));
		field.set("nullable", f.name != "Id" && f.nillable);
		field.set("source_type", f.salesforceType);
		fields.push(field);
	}
	out.set("fields", fields);
	json::Value key = json::Value::array();
	if (object.find("Id")) key.push("Id");
	out.set("primary_key", key);
	json::Value tracking = json::Value::array();
	if (object.tracked()) tracking.push("SystemModstamp");
	out.set("tracking_fields", tracking);
	json::Value identity = json::Value::array();
	for (const auto& name: object.externalIds()) identity.push(name);
	out.set("identity_fields", identity);
	return out;
}


int64_t SalesforceCatalog::parseTimestamp(const std::string& text)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, used = 0;
	double s = 0;
	if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%lf%n", &y, &mo, &d, &h, &mi, &s, &used) < 6 || mo < 1 || mo > 12 || d < 1 || d > 31)
		throw std::invalid_argument("not an ISO 8601 timestamp: " + text);
	int offsetMinutes = 0;
	const std::string zone = text.substr(static_cast<std::size_t>(used));
	if (!zone.empty() && zone != "Z")
	{
		int oh = 0, om = 0;
		if ((zone[0] != '+' && zone[0] != '-') || (std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) < 1 &&
			std::sscanf(zone.c_str() + 1, "%2d%2d", &oh, &om) < 1))
			throw std::invalid_argument("not an ISO 8601 time zone: " + text);
		if (zone.size() == 5) std::sscanf(zone.c_str() + 1, "%2d%2d", &oh, &om);
		offsetMinutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
	}
	const int64_t seconds = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 - offsetMinutes * 60;
	return seconds * 1000000 + static_cast<int64_t>(std::llround(s * 1000.0)) * 1000;
}


std::string SalesforceCatalog::formatTimestamp(int64_t micros)
{
	const int64_t millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
	const int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
	const int64_t rest = millis - days * 86400000;
	char text[64];
	std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%03dZ", civilFromDays(days).c_str(), static_cast<int>(rest / 3600000),
		static_cast<int>(rest / 60000 % 60), static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
	return text;
}


std::string SalesforceCatalog::soqlTimestamp(int64_t micros)
{
	const std::string full = formatTimestamp(micros);
	return full.substr(0, 19) + "Z"; // SOQL's dateTime literals take whole seconds
}


std::optional<std::string> SalesforceCatalog::textOf(const json::Value& value)
{
	if (value.isNull()) return std::nullopt;
	if (value.isString()) return value.asString();
	if (value.isBool()) return std::string(value.asBool() ? "true" : "false");
	return value.dump();
}


void SalesforceCatalog::append(sdk::BatchBuilder& batch, std::size_t column, sdk::Type type, const std::optional<std::string>& value)
{
	if (!value || (value->empty() && type != sdk::Type::String))
	{
		batch.appendNull(column);
		return;
	}
	const std::string& text = *value;
	try
	{
		switch (type)
		{
		case sdk::Type::Decimal:
		{
			std::size_t used = 0;
			std::stod(text, &used);
			if (used != text.size()) throw std::invalid_argument(text);
			batch.appendDecimal(column, text);
			break;
		}
		case sdk::Type::Int64:
		{
			std::size_t used = 0;
			const long long v = std::stoll(text, &used);
			if (used != text.size()) throw std::invalid_argument(text);
			batch.appendInt64(column, v);
			break;
		}
		case sdk::Type::Timestamp: batch.appendTimestamp(column, parseTimestamp(text)); break;
		case sdk::Type::Date:
		{
			int y = 0, m = 0, d = 0;
			if (std::sscanf(text.c_str(), "%d-%d-%d", &y, &m, &d) != 3) throw std::invalid_argument(text);
			batch.appendDate(column, static_cast<int32_t>(daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))));
			break;
		}
		case sdk::Type::Bool: batch.appendBool(column, text == "true" || text == "TRUE" || text == "1"); break;
		default: batch.appendString(column, text); break;
		}
	}
	catch (const std::exception&)
	{
		batch.appendNull(column);
	}
}


std::optional<std::string> SalesforceCatalog::text(const sdk::BatchReader& batch, int64_t row, std::size_t column)
{
	if (batch.isNull(row, column)) return std::nullopt;
	switch (batch.field(column).type)
	{
	case sdk::Type::Int64: return std::to_string(batch.getInt64(row, column));
	case sdk::Type::Float64:
	{
		char text[64];
		std::snprintf(text, sizeof text, "%.17g", batch.getFloat64(row, column));
		return std::string(text);
	}
	case sdk::Type::Bool: return std::string(batch.getBool(row, column) ? "true" : "false");
	case sdk::Type::Date: return civilFromDays(batch.getDate(row, column));
	case sdk::Type::Timestamp: return formatTimestamp(batch.getTimestamp(row, column));
	case sdk::Type::Null: return std::nullopt;
	default: return std::string(batch.getString(row, column));
	}
}


} // namespace salesforce
