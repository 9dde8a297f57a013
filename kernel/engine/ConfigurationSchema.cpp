//
// ConfigurationSchema.cpp
//


#include "engine/ConfigurationSchema.h"


namespace polytomic {
namespace engine {


namespace
{
	bool hasType(const json::Value& value, const std::string& type)
	{
		if (type == "string") return value.isString();
		// Not a cast to long long and back: for 1e300 that is undefined behaviour.
		if (type == "integer") return value.isWholeNumber();
		if (type == "number") return value.isNumber();
		if (type == "boolean") return value.isBool();
		if (type == "object") return value.isObject();
		if (type == "array") return value.isArray();
		if (type == "null") return value.isNull();
		return false;
	}
}


ConfigurationSchema::ConfigurationSchema(const json::Value& schema):
	_schema(schema)
{
	if (!_schema["properties"].isObject()) return;
	for (const auto& [name, property]: _schema["properties"].members())
	{
		if (property.getBool("secret", false)) _secrets.insert(name);
		if (property.getBool("secret_scope", false)) _scope.insert(name);
	}
	if (!_scope.empty()) return;
	for (const auto& [name, property]: _schema["properties"].members())
		if (!_secrets.count(name)) _scope.insert(name);
}


std::map<std::string, std::string> ConfigurationSchema::validate(const json::Value& configuration) const
{
	std::map<std::string, std::string> errors;
	if (!configuration.isObject())
	{
		errors["configuration"] = "must be an object";
		return errors;
	}
	const json::Value& properties = _schema["properties"];
	for (const auto& [name, value]: configuration.members())
	{
		if (!properties.has(name))
		{
			errors[name] = "is not a field of this connection type";
			continue;
		}
		const std::string problem = check(properties[name], value);
		if (!problem.empty()) errors[name] = problem;
	}
	if (_schema["required"].isArray())
		for (const auto& required: _schema["required"].items())
		{
			const json::Value& value = configuration[required.asString()];
			if (value.isNull() || (value.isString() && value.asString().empty())) errors[required.asString()] = "is required";
		}
	return errors;
}


std::string ConfigurationSchema::check(const json::Value& property, const json::Value& value) const
{
	if (value.isNull()) return "";
	const json::Value& type = property["type"];
	bool typed = true;
	std::string expected;
	if (type.isString())
	{
		typed = hasType(value, type.asString());
		expected = type.asString();
	}
	else if (type.isArray())
	{
		typed = false;
		for (const auto& t: type.items())
		{
			typed = typed || hasType(value, t.asString());
			expected += (expected.empty() ? "" : " or ") + t.asString();
		}
	}
	if (!typed) return "must be " + (expected == "integer" ? std::string("a whole number") : expected == "boolean" ? "true or false" : "a " + expected);
	if (property["enum"].isArray())
	{
		bool listed = false;
		std::string choices;
		for (const auto& choice: property["enum"].items())
		{
			listed = listed || choice == value;
			choices += (choices.empty() ? "" : ", ") + (choice.isString() ? choice.asString() : choice.dump());
		}
		if (!listed) return "must be one of " + choices;
	}
	if (value.isNumber())
	{
		if (property["minimum"].isNumber() && value.asDouble() < property["minimum"].asDouble()) return "must be at least " + property["minimum"].dump();
		if (property["maximum"].isNumber() && value.asDouble() > property["maximum"].asDouble()) return "must be at most " + property["maximum"].dump();
	}
	if (value.isString())
	{
		if (property["minLength"].isNumber() && static_cast<int64_t>(value.asString().size()) < property["minLength"].asInt64())
			return "must be at least " + property["minLength"].dump() + " characters";
		if (property["maxLength"].isNumber() && static_cast<int64_t>(value.asString().size()) > property["maxLength"].asInt64())
			return "must be at most " + property["maxLength"].dump() + " characters";
	}
	return "";
}


const std::set<std::string>& ConfigurationSchema::secretFields() const
{
	return _secrets;
}


const std::set<std::string>& ConfigurationSchema::secretScope() const
{
	return _scope;
}


std::vector<std::string> ConfigurationSchema::changedScope(const json::Value& stored, const json::Value& proposed) const
{
	std::vector<std::string> changed;
	if (_scope.empty()) return changed;
	const json::Value before = withDefaults(stored), after = withDefaults(proposed);
	for (const auto& [name, property]: _schema["properties"].members())
		if (_scope.count(name) && before[name] != after[name]) changed.push_back(name);
	return changed;
}


json::Value ConfigurationSchema::withDefaults(const json::Value& configuration) const
{
	json::Value out = configuration.isObject() ? configuration : json::Value::object();
	if (_schema["properties"].isObject())
		for (const auto& [name, property]: _schema["properties"].members())
			if (!out.has(name) && property.has("default")) out.set(name, property["default"]);
	return out;
}


const json::Value& ConfigurationSchema::schema() const
{
	return _schema;
}


} } // namespace polytomic::engine
