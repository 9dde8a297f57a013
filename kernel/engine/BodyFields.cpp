//
// BodyFields.cpp
//


#include "engine/BodyFields.h"


namespace polytomic {
namespace engine {


std::size_t characters(const std::string& text)
{
	std::size_t count = 0;
	for (unsigned char c: text)
		if ((c & 0xC0) != 0x80) ++count;
	return count;
}


std::string nameField(const json::Value& body, FieldErrors& errors)
{
	const json::Value& name = body["name"];
	if (!name.isString() || name.asString().empty())
	{
		errors["name"] = "is required (a string)";
		return std::string();
	}
	if (characters(name.asString()) > MAX_NAME_LENGTH)
		errors["name"] = "is " + std::to_string(characters(name.asString())) + " characters long; at most " + std::to_string(MAX_NAME_LENGTH) +
			" are allowed";
	return name.asString();
}


std::string textField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors,
	const std::string& fallback)
{
	const json::Value& v = object[key];
	if (v.isNull()) return fallback;
	if (v.isString()) return v.asString();
	errors[path] = "must be a string";
	return fallback;
}


bool flagField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors, bool fallback)
{
	const json::Value& v = object[key];
	if (v.isNull()) return fallback;
	if (v.isBool()) return v.asBool();
	errors[path] = "must be true or false";
	return fallback;
}


void arrayField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors)
{
	const json::Value& v = object[key];
	if (!v.isNull() && !v.isArray()) errors[path] = "must be an array";
}


} } // namespace polytomic::engine
