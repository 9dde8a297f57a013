//
// UrlParts.cpp
//


#include "config/UrlParts.h"
#include "config/ConfigurationError.h"
#include "Poco/Exception.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/URI.h"


namespace polytomic {
namespace config {


namespace
{
	std::string decode(const std::string& text, const char* what)
	{
		std::string out;
		try
		{
			Poco::URI::decode(text, out);
		}
		catch (const Poco::Exception&)
		{
			throw InvalidValue(std::string("the ") + what + " has a malformed percent-escape (expected %XX with two hex digits)");
		}
		return out;
	}


	unsigned parsePort(const std::string& text)
	{
		unsigned port = 0;
		if (!Poco::NumberParser::tryParseUnsigned(text, port) || port == 0 || port > 65535)
			throw InvalidValue("the port '" + text + "' is not a number between 1 and 65535");
		return port;
	}


	HostPort parseHost(const std::string& spec)
	{
		HostPort hp;
		std::string rest;
		if (!spec.empty() && spec[0] == '[')
		{
			auto close = spec.find(']');
			if (close == std::string::npos) throw InvalidValue("an IPv6 host must be written in brackets, e.g. [::1]:5432");
			hp.host = spec.substr(1, close - 1);
			rest = spec.substr(close + 1);
			if (!rest.empty() && rest[0] != ':') throw InvalidValue("unexpected text after the IPv6 host ']'");
		}
		else
		{
			auto colon = spec.find(':');
			hp.host = decode(spec.substr(0, colon), "host");
			if (colon != std::string::npos) rest = spec.substr(colon);
		}
		if (!rest.empty())
		{
			if (rest.size() > 1) hp.port = parsePort(rest.substr(1));
		}
		return hp;
	}
}


UrlParts UrlParts::parse(const std::string& url)
{
	UrlParts parts;
	auto sep = url.find("://");
	if (sep == std::string::npos || sep == 0) throw InvalidValue("is not a URL (expected scheme://...)");
	parts.scheme = Poco::toLower(url.substr(0, sep));

	std::string rest = url.substr(sep + 3);
	auto fragment = rest.find('#');
	if (fragment != std::string::npos) rest.erase(fragment);
	std::string query;
	auto q = rest.find('?');
	if (q != std::string::npos)
	{
		query = rest.substr(q + 1);
		rest.erase(q);
	}
	std::string authority = rest;
	auto slash = rest.find('/');
	if (slash != std::string::npos)
	{
		authority = rest.substr(0, slash);
		parts.path = decode(rest.substr(slash + 1), "path");
	}

	auto at = authority.rfind('@');
	if (at != std::string::npos)
	{
		std::string userinfo = authority.substr(0, at);
		authority.erase(0, at + 1);
		auto colon = userinfo.find(':');
		std::string user = userinfo.substr(0, colon);
		if (!user.empty()) parts.user = decode(user, "user name");
		if (colon != std::string::npos) parts.password = decode(userinfo.substr(colon + 1), "password");
	}

	std::string::size_type start = 0;
	while (start <= authority.size() && !authority.empty())
	{
		auto comma = authority.find(',', start);
		std::string spec = authority.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
		parts.hosts.push_back(parseHost(spec));
		if (comma == std::string::npos) break;
		start = comma + 1;
	}

	std::string::size_type pos = 0;
	while (!query.empty() && pos <= query.size())
	{
		auto amp = query.find('&', pos);
		std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
		if (!pair.empty())
		{
			auto eq = pair.find('=');
			std::string key = decode(pair.substr(0, eq), "query parameter name");
			std::string value = eq == std::string::npos ? std::string() : decode(pair.substr(eq + 1), "query parameter value");
			parts.query.emplace_back(key, value);
		}
		if (amp == std::string::npos) break;
		pos = amp + 1;
	}
	return parts;
}


std::string UrlParts::mask(const std::string& url)
{
	auto sep = url.find("://");
	if (sep == std::string::npos) return "****";
	auto authorityEnd = url.find_first_of("/?#", sep + 3);
	std::string authority = url.substr(sep + 3, authorityEnd == std::string::npos ? std::string::npos : authorityEnd - sep - 3);
	auto at = authority.rfind('@');
	if (at == std::string::npos) return url;
	auto colon = authority.find(':');
	if (colon == std::string::npos || colon > at) return url;
	std::string masked = url.substr(0, sep + 3) + authority.substr(0, colon + 1) + "****" + authority.substr(at);
	if (authorityEnd != std::string::npos) masked += url.substr(authorityEnd);
	return masked;
}


std::string expandPlaceholder(const std::string& text, const std::string& name, const std::optional<std::string>& value)
{
	const std::string placeholder = "${" + name + "}";
	if (text.find(placeholder) == std::string::npos) return text;
	if (!value) throw InvalidValue("contains " + placeholder + " but " + name + " is not set; set " + name + " or write the password into the URL");
	std::string encoded;
	Poco::URI::encode(*value, ":@/?#[]%+&=, ", encoded);
	return Poco::replace(text, placeholder, encoded);
}


} } // namespace polytomic::config
