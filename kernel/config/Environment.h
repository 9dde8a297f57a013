//
// Environment.h
//
// Definition of the Environment class.
//


#ifndef Polytomic_Config_Environment_INCLUDED
#define Polytomic_Config_Environment_INCLUDED


#include <map>
#include <optional>
#include <string>


namespace polytomic {
namespace config {


class Environment
	/// A snapshot of environment variables. Settings are built from one, so that
	/// tests can hand in exactly the variables they mean without touching the process.
{
public:
	Environment() = default;

	explicit Environment(std::map<std::string, std::string> variables);

	static Environment fromProcess();
		/// Captures the current process environment.

	std::optional<std::string> get(const std::string& name) const;
		/// Returns the value of the variable, or nothing when it is unset.
		/// A variable set to the empty string counts as unset, as container
		/// orchestrators commonly render optional variables as empty.

	void set(const std::string& name, const std::string& value);

	const std::map<std::string, std::string>& variables() const;

private:
	std::map<std::string, std::string> _variables;
};


//
// inlines
//
inline const std::map<std::string, std::string>& Environment::variables() const
{
	return _variables;
}


} } // namespace polytomic::config


#endif // Polytomic_Config_Environment_INCLUDED
