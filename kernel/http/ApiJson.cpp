//
// ApiJson.cpp
//


#include "http/ApiJson.h"


namespace polytomic {
namespace http {


json::Value optionalText(const std::optional<std::string>& value)
{
	return value ? json::Value(*value) : json::Value();
}


json::Value withoutNulls(const json::Value& object)
{
	if (!object.isObject()) return object;
	json::Value out = json::Value::object();
	for (const auto& [key, value]: object.members())
		if (!value.isNull()) out.set(key, value);
	return out;
}


std::string publicFieldType(const std::string& type)
{
	if (type == "string" || type == "decimal") return "string";
	if (type == "int64" || type == "float64") return "number";
	if (type == "bool") return "boolean";
	if (type == "timestamp" || type == "date") return "datetime";
	if (type == "json") return "object";
	if (type == "binary") return "binary";
	return "unknown";
}


json::Value pageJson(const json::Value& data, const std::string& nextPageToken)
{
	json::Value pagination = json::Value::object();
	if (!nextPageToken.empty()) pagination.set("next_page_token", nextPageToken);
	json::Value out = json::Value::object();
	out.set("data", data);
	out.set("pagination", pagination);
	return out;
}


} } // namespace polytomic::http
