//
// ConfigurationSchema.h
//
// Definition of the ConfigurationSchema class.
//


#ifndef Polytomic_Engine_ConfigurationSchema_INCLUDED
#define Polytomic_Engine_ConfigurationSchema_INCLUDED


#include "polytomic/json.hpp"
#include <map>
#include <set>
#include <string>
#include <vector>


namespace polytomic {
namespace engine {


class ConfigurationSchema
	/// A connector's configuration schema (the "configuration" of its spec): the
	/// subset of JSON Schema connectors use for a flat configuration object —
	/// type, required, enum, minimum/maximum, minLength/maxLength, pattern-free —
	/// which properties are secret, and which say where the secrets go.
{
public:
	explicit ConfigurationSchema(const json::Value& schema);

	std::map<std::string, std::string> validate(const json::Value& configuration) const;
		/// Field name -> what is wrong; empty when the configuration is valid.
		/// Unknown fields are errors (a typo would otherwise be ignored silently).

	const std::set<std::string>& secretFields() const;

	const std::set<std::string>& secretScope() const;
		/// The fields that say where the secrets are sent (host, port, URL,
		/// account, database, user...), marked "secret_scope": true. A schema
		/// that marks none: every property that is not secret, to be safe.

	std::vector<std::string> changedScope(const json::Value& stored, const json::Value& proposed) const;
		/// The fields of secretScope() whose values differ between the two
		/// configurations (defaults filled in on both sides), in schema order.
		/// A stored secret may go only where the stored configuration sent it.

	json::Value withDefaults(const json::Value& configuration) const;
		/// The configuration with the schema's defaults filled in.

	const json::Value& schema() const;
		/// The JSON Schema itself, as the connector gave it.

private:
	std::string check(const json::Value& property, const json::Value& value) const;

	json::Value _schema;
	std::set<std::string> _secrets;
	std::set<std::string> _scope;
};


} } // namespace polytomic::engine


#endif // Polytomic_Engine_ConfigurationSchema_INCLUDED
