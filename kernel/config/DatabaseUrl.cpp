//
// DatabaseUrl.cpp
//


#include "config/DatabaseUrl.h"
#include "config/ConfigurationError.h"
#include <libpq-fe.h>
#include <set>


namespace polytomic {
namespace config {


namespace
{
	const std::set<std::string>& libpqKeywords()
	{
		static const std::set<std::string> keywords = [] {
			std::set<std::string> names;
			PQconninfoOption* options = PQconndefaults();
			for (PQconninfoOption* o = options; o && o->keyword; ++o) names.insert(o->keyword);
			PQconninfoFree(options);
			return names;
		}();
		return keywords;
	}


	const char* environmentVariableFor(const std::string& keyword)
	{
		static const std::map<std::string, const char*> variables = {
			{"host", "PGHOST"}, {"hostaddr", "PGHOSTADDR"}, {"port", "PGPORT"}, {"dbname", "PGDATABASE"},
			{"user", "PGUSER"}, {"password", "PGPASSWORD"}, {"passfile", "PGPASSFILE"}, {"options", "PGOPTIONS"},
			{"application_name", "PGAPPNAME"}, {"sslmode", "PGSSLMODE"}, {"sslrootcert", "PGSSLROOTCERT"},
			{"sslcert", "PGSSLCERT"}, {"sslkey", "PGSSLKEY"}, {"sslcrl", "PGSSLCRL"}, {"service", "PGSERVICE"},
			{"connect_timeout", "PGCONNECT_TIMEOUT"}, {"target_session_attrs", "PGTARGETSESSIONATTRS"},
		};
		auto it = variables.find(keyword);
		return it == variables.end() ? nullptr : it->second;
	}


	bool hasWhitespace(const std::string& s)
	{
		return s.find_first_of(" \t\r\n\f\v") != std::string::npos;
	}


	std::string quote(const std::string& value)
	{
		if (!value.empty() && value.find_first_of("'\\") == std::string::npos) return value;
		std::string out = "'";
		for (char c: value)
		{
			if (c == '\'' || c == '\\') out += '\\';
			out += c;
		}
		return out + "'";
	}


	void checkSslMode(const std::string& mode)
	{
		static const std::set<std::string> modes = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
		if (!modes.count(mode))
			throw InvalidValue("sslmode '" + mode + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
	}
}


DatabaseUrl DatabaseUrl::parse(const std::string& url)
{
	DatabaseUrl result;
	result._masked = UrlParts::mask(url);
	UrlParts parts = UrlParts::parse(url);
	if (parts.scheme != "postgres" && parts.scheme != "postgresql")
		throw InvalidValue("must start with postgres:// or postgresql:// (got '" + parts.scheme + "://')");

	std::string hosts, ports;
	bool anyHost = false, anyPort = false;
	for (std::size_t i = 0; i < parts.hosts.size(); ++i)
	{
		const HostPort& hp = parts.hosts[i];
		if (i > 0)
		{
			hosts += ',';
			ports += ',';
		}
		hosts += hp.host;
		ports += std::to_string(hp.port.value_or(5432));
		anyHost = anyHost || !hp.host.empty();
		anyPort = anyPort || hp.port.has_value();
	}
	if (anyHost) result._keywords["host"] = hosts;
	if (anyHost || anyPort) result._keywords["port"] = ports;
	if (parts.user) result._keywords["user"] = *parts.user;
	if (parts.password) result._keywords["password"] = *parts.password;
	if (!parts.path.empty()) result._keywords["dbname"] = parts.path;

	for (const auto& [key, value]: parts.query)
	{
		if (!libpqKeywords().count(key))
			throw InvalidValue("'" + key + "' is not a PostgreSQL connection parameter (see the libpq documentation, "
				"\"Parameter Key Words\")");
		if (key == "sslmode") checkSslMode(value);
		result._keywords[key] = value;
	}
	if (!result._keywords.count("connect_timeout")) result._keywords["connect_timeout"] = "10";

	for (auto it = result._keywords.begin(); it != result._keywords.end();)
	{
		if (!hasWhitespace(it->second))
		{
			++it;
			continue;
		}
		const char* variable = environmentVariableFor(it->first);
		if (!variable)
			throw InvalidValue("the value of '" + it->first + "' contains whitespace, which this parameter cannot carry");
		result._environment[variable] = it->second;
		it = result._keywords.erase(it);
	}
	return result;
}


std::string DatabaseUrl::connectionString() const
{
	std::string text;
	for (const auto& [key, value]: _keywords)
	{
		if (!text.empty()) text += ' ';
		text += key + '=' + quote(value);
	}
	return text;
}


std::string DatabaseUrl::user() const
{
	auto it = _keywords.find("user");
	if (it != _keywords.end()) return it->second;
	auto env = _environment.find("PGUSER");
	return env != _environment.end() ? env->second : std::string();
}


std::string DatabaseUrl::database() const
{
	auto it = _keywords.find("dbname");
	if (it != _keywords.end()) return it->second;
	auto env = _environment.find("PGDATABASE");
	return env != _environment.end() ? env->second : user();
}


std::string DatabaseUrl::hostList() const
{
	auto host = _keywords.find("host");
	if (host == _keywords.end()) return "local socket";
	auto port = _keywords.find("port");
	return host->second + (port != _keywords.end() ? " port " + port->second : std::string());
}


} } // namespace polytomic::config
