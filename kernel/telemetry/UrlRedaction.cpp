//
// UrlRedaction.cpp
//


#include "telemetry/UrlRedaction.h"
#include "Poco/Exception.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include <array>


namespace polytomic {
namespace telemetry {


const std::string UrlRedaction::REDACTED = "[redacted]";


namespace
{
	std::string decodedName(const std::string& name)
	{
		std::string decoded;
		try
		{
			Poco::URI::decode(name, decoded, true);
		}
		catch (const Poco::Exception&)
		{
			decoded = name;
		}
		return Poco::toLower(decoded);
	}


	std::string redactQuery(const std::string& query)
	{
		std::string out;
		std::string::size_type start = 0;
		while (start <= query.size())
		{
			std::string::size_type end = query.find_first_of("&;", start);
			if (end == std::string::npos) end = query.size();
			const std::string pair = query.substr(start, end - start);
			const auto equals = pair.find('=');
			const std::string name = pair.substr(0, equals);
			if (equals != std::string::npos && UrlRedaction::isSecretParameter(name)) out += name + "=" + UrlRedaction::REDACTED;
			else out += pair;
			if (end < query.size()) out += query[end];
			start = end + 1;
		}
		return out;
	}


	std::string redactUserInfo(const std::string& url)
	{
		// scheme://user:password@host/...: the password goes.
		const auto scheme = url.find("://");
		if (scheme == std::string::npos) return url;
		const auto authorityStart = scheme + 3;
		const auto authorityEnd = url.find_first_of("/?#", authorityStart);
		const auto at = url.rfind('@', authorityEnd == std::string::npos ? std::string::npos : authorityEnd);
		if (at == std::string::npos || at < authorityStart) return url;
		const auto colon = url.find(':', authorityStart);
		if (colon == std::string::npos || colon > at) return url;
		return url.substr(0, colon + 1) + UrlRedaction::REDACTED + url.substr(at);
	}
}


bool UrlRedaction::isSecretParameter(const std::string& name)
{
	static const std::array<const char*, 7> exact = {"token", "code", "state", "key", "sig", "pwd", "query"};
	static const std::array<const char*, 9> parts = {"token", "key", "password", "passwd", "secret", "signature", "credential",
		"session", "auth"};
	const std::string lower = decodedName(name);
	for (const char* e: exact)
		if (lower == e) return true;
	for (const char* p: parts)
		if (lower.find(p) != std::string::npos) return true;
	return false;
}


std::string UrlRedaction::redact(const std::string& url)
{
	const auto fragment = url.find('#');
	const std::string withoutFragment = url.substr(0, fragment);
	const auto question = withoutFragment.find('?');
	std::string out = redactUserInfo(withoutFragment.substr(0, question));
	if (question != std::string::npos) out += "?" + redactQuery(withoutFragment.substr(question + 1));
	return out;
}


} } // namespace polytomic::telemetry
