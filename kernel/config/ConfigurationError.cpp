//
// ConfigurationError.cpp
//


#include "config/ConfigurationError.h"


namespace polytomic {
namespace config {


namespace
{
	std::string summarize(const std::vector<ConfigurationProblem>& problems)
	{
		std::string text;
		for (const auto& p: problems)
		{
			if (!text.empty()) text += '\n';
			text += p.toString();
		}
		return text;
	}
}


std::string ConfigurationProblem::toString() const
{
	return variable + ": " + message;
}


ConfigurationError::ConfigurationError(std::vector<ConfigurationProblem> problems):
	std::runtime_error(summarize(problems)),
	_problems(std::move(problems))
{
}


} } // namespace polytomic::config
