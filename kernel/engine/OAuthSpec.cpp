//
// OAuthSpec.cpp
//


#include "engine/OAuthSpec.h"
#include "engine/EngineError.h"
#include <cctype>
#include <stdexcept>


namespace polytomic {
namespace engine {


namespace
{
	std::vector<std::string> strings(const json::Value& list, const std::string& what)
	{
		std::vector<std::string> out;
		if (list.isNull()) return out;
		if (!list.isArray()) throw std::invalid_argument("oauth." + what + " must be an array of strings");
		for (const auto& item: list.items())
		{
			if (!item.isString()) throw std::invalid_argument("oauth." + what + " must be an array of strings");
			out.push_back(item.asString());
		}
		return out;
	}


	std::string url(const json::Value& oauth, const std::string& key, const std::optional<std::string>& override)
	{
		const std::string value = override.value_or(oauth.getString(key));
		if (value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0)
			throw std::invalid_argument("oauth." + key + " must be an http(s) URL");
		return value;
	}
}


std::string OAuthSpec::variablePrefix(const std::string& type)
{
	std::string prefix;
	for (char c: type) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
	return prefix;
}


std::optional<OAuthSpec> OAuthSpec::of(const std::string& type, const json::Value& spec, const config::Environment& environment)
{
	const json::Value& oauth = spec["oauth"];
	if (oauth.isNull()) return std::nullopt;
	if (!oauth.isObject()) throw std::invalid_argument("oauth must be an object");
	const std::string prefix = variablePrefix(type);
	OAuthSpec s;
	s.type = type;
	s.authorizeUrl = url(oauth, "authorize_url", environment.get(prefix + "_OAUTH_AUTHORIZE_URL"));
	s.tokenUrl = url(oauth, "token_url", environment.get(prefix + "_OAUTH_TOKEN_URL"));
	s.scopes = strings(oauth["scopes"], "scopes");
	s.optionalScopes = strings(oauth["optional_scopes"], "optional_scopes");
	s.scopeParameter = oauth.getString("scope_parameter", s.scopeParameter);
	s.scopeSeparator = oauth.getString("scope_separator", s.scopeSeparator);
	if (oauth["authorize_parameters"].isObject())
		for (const auto& [name, value]: oauth["authorize_parameters"].members())
			if (value.isString()) s.authorizeParameters[name] = value.asString();
	s.pkce = oauth.getBool("pkce", false);
	s.basicAuthentication = oauth.getString("client_authentication", "body") == "basic";
	const json::Value& refresh = oauth["refresh"];
	if (refresh.isObject())
	{
		s.refreshMarginSeconds = refresh.getInt64("before_expiry_seconds", s.refreshMarginSeconds);
		s.defaultLifetimeSeconds = refresh.getInt64("default_lifetime_seconds", s.defaultLifetimeSeconds);
	}
	if (oauth["url_parameters"].isObject())
		for (const auto& [name, declared]: oauth["url_parameters"].members())
		{
			if (!declared.isObject()) throw std::invalid_argument("oauth.url_parameters." + name + " must be an object");
			UrlParameter p;
			p.fallback = declared.getString("default");
			p.hostSuffixes = strings(declared["host_suffixes"], "url_parameters." + name + ".host_suffixes");
			if (p.hostSuffixes.empty()) throw std::invalid_argument("oauth.url_parameters." + name + ".host_suffixes must name the hosts it may be");
			s.urlParameters[name] = p;
		}
	s.tokenFields = strings(oauth["token_fields"], "token_fields");
	if (oauth["client_credentials"].isObject())
	{
		s.clientCredentialsProperty = oauth["client_credentials"].getString("property");
		s.clientCredentialsValue = oauth["client_credentials"].getString("value");
		if (s.clientCredentialsProperty.empty()) throw std::invalid_argument("oauth.client_credentials.property must name a configuration property");
	}
	s.clientId = environment.get(prefix + "_CLIENT_ID").value_or("");
	s.clientSecret = environment.get(prefix + "_CLIENT_SECRET").value_or("");
	return s;
}


namespace
{
	bool endsWith(const std::string& text, const std::string& suffix)
	{
		return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
	}


	bool hostName(const std::string& text)
	{
		if (text.empty() || text.size() > 253 || text.front() == '.' || text.front() == '-') return false;
		for (char c: text)
			if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
		return true;
	}
}


OAuthSpec OAuthSpec::forConnection(const json::Value& configuration) const
{
	OAuthSpec s = *this;
	for (const auto& [name, p]: urlParameters)
	{
		std::string value = configuration.isObject() ? configuration.getString(name, p.fallback) : p.fallback;
		if (value.empty()) value = p.fallback;
		for (char& c: value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
		bool allowed = hostName(value) && value.find("..") == std::string::npos;
		bool suffixed = false;
		for (const auto& suffix: p.hostSuffixes) suffixed = suffixed || endsWith(value, suffix) || value == suffix.substr(suffix[0] == '.' ? 1 : 0);
		if (!allowed || !suffixed)
		{
			std::string hosts;
			for (const auto& suffix: p.hostSuffixes) hosts += (hosts.empty() ? "" : ", ") + std::string("*") + suffix;
			throw ValidationError(name + " must be a host name of " + hosts, {{"configuration." + name, "must be a host name of " + hosts}});
		}
		for (std::string* url: {&s.authorizeUrl, &s.tokenUrl})
			for (auto at = url->find("{" + name + "}"); at != std::string::npos; at = url->find("{" + name + "}"))
				url->replace(at, name.size() + 2, value);
	}
	return s;
}


bool OAuthSpec::usesClientCredentials(const json::Value& configuration) const
{
	return !clientCredentialsProperty.empty() && configuration.isObject() &&
		configuration.getString(clientCredentialsProperty) == clientCredentialsValue;
}


void OAuthSpec::requireApp() const
{
	if (!clientId.empty() && !clientSecret.empty()) return;
	const std::string prefix = variablePrefix(type);
	throw CheckFailed("connections of type " + type + " sign in with OAuth, and this server has no OAuth app for it: the operator sets " +
		prefix + "_CLIENT_ID and " + prefix + "_CLIENT_SECRET (the app's redirect URL is {POLYTOMIC_URL}/connect/" + type +
		"; see integrations/" + type + ".md)");
}


json::Value OAuthSpec::describe() const
{
	json::Value out = json::Value::object();
	json::Value list = json::Value::array();
	for (const auto& scope: scopes) list.push(scope);
	out.set("scopes", list);
	out.set("pkce", pkce);
	out.set("client_credentials", !clientCredentialsProperty.empty());
	out.set("configured", !clientId.empty() && !clientSecret.empty());
	return out;
}


} } // namespace polytomic::engine
