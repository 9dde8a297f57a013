//
// Environment.cpp
//


#include "config/Environment.h"


extern char** environ;


namespace polytomic {
namespace config {


Environment::Environment(std::map<std::string, std::string> variables):
	_variables(std::move(variables))
{
}


Environment Environment::fromProcess()
{
	Environment env;
	for (char** entry = environ; entry && *entry; ++entry)
	{
		std::string text(*entry);
		auto eq = text.find('=');
		if (eq == std::string::npos) continue;
		env._variables[text.substr(0, eq)] = text.substr(eq + 1);
	}
	return env;
}


std::optional<std::string> Environment::get(const std::string& name) const
{
	auto it = _variables.find(name);
	if (it == _variables.end() || it->second.empty()) return std::nullopt;
	return it->second;
}


void Environment::set(const std::string& name, const std::string& value)
{
	_variables[name] = value;
}


} } // namespace polytomic::config
