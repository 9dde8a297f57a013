//
// ConfigurationError.h
//
// Definition of the ConfigurationProblem struct and the ConfigurationError exception.
//


#ifndef Polytomic_Config_ConfigurationError_INCLUDED
#define Polytomic_Config_ConfigurationError_INCLUDED


#include <stdexcept>
#include <string>
#include <vector>


namespace polytomic {
namespace config {


struct ConfigurationProblem
	/// One thing wrong with the configuration: the variable and what is expected of it.
	/// The message never repeats a secret value.
{
	std::string variable;
	std::string message;

	std::string toString() const;
		/// "VARIABLE: message", one line.
};


class ConfigurationError: public std::runtime_error
	/// Thrown when the configuration cannot be used; carries every problem found,
	/// so the operator can fix them all at once.
{
public:
	explicit ConfigurationError(std::vector<ConfigurationProblem> problems);

	const std::vector<ConfigurationProblem>& problems() const;

private:
	std::vector<ConfigurationProblem> _problems;
};


class InvalidValue: public std::runtime_error
	/// Thrown by the parsers of single values (URLs, numbers); the caller
	/// attaches the variable name.
{
public:
	using std::runtime_error::runtime_error;
};


//
// inlines
//
inline const std::vector<ConfigurationProblem>& ConfigurationError::problems() const
{
	return _problems;
}


} } // namespace polytomic::config


#endif // Polytomic_Config_ConfigurationError_INCLUDED
