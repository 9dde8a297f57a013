//
// HubSpotCatalog.cpp
//


#include "HubSpotCatalog.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>


namespace hubspot {


using namespace polytomic;


namespace
{
	struct Standard
	{
		const char* id;
		const char* name;
		const char* identity; /// the property batch upserts usually go by
	};

	const Standard STANDARD[] = {{"contacts", "Contacts", "email"}, {"companies", "Companies", "domain"}, {"deals", "Deals", ""},
		{"tickets", "Tickets", ""}};


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
}


std::string ObjectType::trackingField() const
{
	// HubSpot names the last modification of contacts differently from every other object.
	return id == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
}


std::vector<std::string> ObjectType::identityFields() const
{
	std::vector<std::string> out{"hs_object_id"};
	for (const Standard& s: STANDARD)
		if (id == s.id && *s.identity && find(s.identity)) out.push_back(s.identity);
	for (const Property& p: properties)
		if (p.unique && p.name != "hs_object_id" && std::find(out.begin(), out.end(), p.name) == out.end()) out.push_back(p.name);
	return out;
}


const Property* ObjectType::find(const std::string& name) const
{
	for (const Property& p: properties)
		if (p.name == name) return &p;
	return nullptr;
}


HubSpotCatalog::HubSpotCatalog(HubSpotApi& api):
	_api(api)
{
}


sdk::Type HubSpotCatalog::typeOf(const std::string& name, const std::string& hubspotType)
{
	if (name == "hs_object_id") return sdk::Type::String;
	if (hubspotType == "number") return sdk::Type::Decimal;
	if (hubspotType == "datetime") return sdk::Type::Timestamp;
	if (hubspotType == "date") return sdk::Type::Date;
	if (hubspotType == "bool" || hubspotType == "booleancheckbox") return sdk::Type::Bool;
	return sdk::Type::String;
}


std::vector<Property> HubSpotCatalog::propertiesOf(const std::string& objectId)
{
	const json::Value answer = _api.get("/crm/v3/properties/" + objectId);
	std::vector<Property> out;
	for (const auto& p: HubSpotApi::listIn(answer, "results").items())
	{
		Property property;
		property.name = p.getString("name");
		property.hubspotType = p.getString("type", "string");
		property.type = typeOf(property.name, property.hubspotType);
		property.unique = p.getBool("hasUniqueValue", false);
		property.readOnly = p.getBool("calculated", false) || p["modificationMetadata"].getBool("readOnlyValue", false);
		if (!property.name.empty()) out.push_back(property);
	}
	return out;
}


std::vector<ObjectType> HubSpotCatalog::objects()
{
	std::vector<ObjectType> out;
	for (const Standard& s: STANDARD) out.push_back({s.id, s.name, propertiesOf(s.id)});
	const json::Value schemas = _api.get("/crm/v3/schemas");
	for (const auto& schema: HubSpotApi::listIn(schemas, "results").items())
	{
		const std::string id = schema.getString("objectTypeId");
		if (id.empty()) continue;
		out.push_back({id, schema["labels"].getString("plural", schema.getString("name", id)), propertiesOf(id)});
	}
	return out;
}


ObjectType HubSpotCatalog::object(const std::string& id)
{
	for (const Standard& s: STANDARD)
		if (id == s.id) return {s.id, s.name, propertiesOf(s.id)};
	if (id.rfind("2-", 0) != 0)
		throw sdk::Error("HubSpot has no object '" + id + "': use contacts, companies, deals, tickets or a custom object's id (2-...)");
	const json::Value schema = _api.get("/crm/v3/schemas/" + id);
	return {id, schema["labels"].getString("plural", id), propertiesOf(id)};
}


json::Value HubSpotCatalog::describe(const ObjectType& object)
{
	json::Value out = json::Value::object();
	out.set("id", object.id);
	out.set("name", object.name);
	json::Value fields = json::Value::array();
	for (const Property& p: object.properties)
	{
		json::Value field = json::Value::object();
		field.set("name", p.name);
		field.set("type", sdk::typeName(p.type));
		field.set("nullable", p.name != "hs_object_id");
		field.set("source_type", p.hubspotType);
		fields.push(field);
	}
	out.set("fields", fields);
	json::Value key = json::Value::array();
	key.push("hs_object_id");
	out.set("primary_key", key);
	json::Value tracking = json::Value::array();
	if (object.find(object.trackingField())) tracking.push(object.trackingField());
	out.set("tracking_fields", tracking);
	json::Value identity = json::Value::array();
	for (const auto& name: object.identityFields()) identity.push(name);
	out.set("identity_fields", identity);
	return out;
}


int64_t HubSpotCatalog::parseTimestamp(const std::string& iso)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;
	double s = 0;
	if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6 || mo < 1 || mo > 12 || d < 1 || d > 31)
		throw std::invalid_argument("not an ISO 8601 timestamp: " + iso);
	const int64_t seconds = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60;
	return seconds * 1000000 + static_cast<int64_t>(std::llround(s * 1000.0)) * 1000;
}


std::string HubSpotCatalog::formatTimestamp(int64_t micros)
{
	const int64_t millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
	int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
	const int64_t rest = millis - days * 86400000;
	char text[64];
	std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%03dZ", civilFromDays(days).c_str(), static_cast<int>(rest / 3600000),
		static_cast<int>(rest / 60000 % 60), static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
	return text;
}


void HubSpotCatalog::append(sdk::BatchBuilder& batch, std::size_t column, sdk::Type type, const json::Value& value)
{
	if (!value.isString() || (value.asString().empty() && type != sdk::Type::String))
	{
		batch.appendNull(column);
		return;
	}
	const std::string& text = value.asString();
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
		case sdk::Type::Timestamp: batch.appendTimestamp(column, parseTimestamp(text)); break;
		case sdk::Type::Date:
		{
			int y = 0, m = 0, d = 0;
			if (std::sscanf(text.c_str(), "%d-%d-%d", &y, &m, &d) != 3) throw std::invalid_argument(text);
			batch.appendDate(column, static_cast<int32_t>(daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))));
			break;
		}
		case sdk::Type::Bool: batch.appendBool(column, text == "true"); break;
		default: batch.appendString(column, text); break;
		}
	}
	catch (const std::exception&)
	{
		batch.appendNull(column);
	}
}


std::optional<std::string> HubSpotCatalog::text(const sdk::BatchReader& batch, int64_t row, std::size_t column)
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


} // namespace hubspot
