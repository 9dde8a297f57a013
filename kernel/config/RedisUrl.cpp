//
// RedisUrl.cpp
//


#include "config/RedisUrl.h"
#include "config/ConfigurationError.h"
#include "config/UrlParts.h"
#include "Poco/NumberParser.h"
#include "Poco/File.h"


namespace polytomic {
namespace config {


RedisUrl RedisUrl::parse(const std::string& url)
{
	RedisUrl result;
	result._masked = UrlParts::mask(url);
	UrlParts parts = UrlParts::parse(url);
	if (parts.scheme != "redis" && parts.scheme != "rediss")
		throw InvalidValue("must start with redis:// or rediss:// (for TLS) (got '" + parts.scheme + "://')");
	result._tls = parts.scheme == "rediss";
	if (parts.hosts.size() > 1) throw InvalidValue("names several hosts; give one Redis host");
	if (!parts.hosts.empty())
	{
		if (!parts.hosts[0].host.empty()) result._host = parts.hosts[0].host;
		result._port = parts.hosts[0].port.value_or(6379);
	}
	result._user = parts.user;
	result._password = parts.password;
	if (!parts.path.empty() && !Poco::NumberParser::tryParseUnsigned(parts.path, result._database))
		throw InvalidValue("the database '" + parts.path + "' after the host is not a number (e.g. redis://host:6379/0)");

	for (const auto& [key, value]: parts.query)
	{
		if (key == "ca_cert")
		{
			// Poco::File asserts on an empty path.
			if (value.empty()) throw InvalidValue("ca_cert is empty; give the path of a PEM file of CA certificates, or leave it out for the system's");
			if (!Poco::File(value).exists()) throw InvalidValue("ca_cert file '" + value + "' does not exist");
			result._caCertFile = value;
		}
		else if (key == "skip_verify")
		{
			if (value != "true" && value != "false") throw InvalidValue("skip_verify must be true or false");
			result._skipVerify = value == "true";
		}
		else
		{
			throw InvalidValue("unknown parameter '" + key + "' (known: ca_cert, skip_verify)");
		}
	}
	if (!result._tls && (!result._caCertFile.empty() || result._skipVerify))
		throw InvalidValue("ca_cert and skip_verify apply to rediss:// (TLS) URLs only");
	return result;
}


} } // namespace polytomic::config
