//
// SalesforceApi.cpp
//


#include "SalesforceApi.h"
#include <cctype>
#include <cstdio>


namespace salesforce {


using namespace polytomic;


const char* SalesforceApi::DEFAULT_VERSION = "62.0";


json::Value SalesforceApi::Answer::json() const
{
	if (body.empty()) return json::Value::object();
	try
	{
		return json::Value::parse(body);
	}
	catch (const json::ParseError&)
	{
		return json::Value::object();
	}
}


SalesforceApi::SalesforceApi(const sdk::Host& host, const json::Value& config):
	_host(host),
	_instance(config.getString("instance_url")),
	_version(config.getString("api_version", DEFAULT_VERSION)),
	_share(static_cast<double>(config.getInt64("daily_api_share", 50))),
	_perSecond(static_cast<double>(config.getInt64("requests_per_second", 25)))
{
	while (!_instance.empty() && _instance.back() == '/') _instance.pop_back();
	if (_instance.empty())
		throw sdk::Error("the connection has no Salesforce instance yet: sign it in (connections.connect, or the Connect button)");
	if (_instance.rfind("https://", 0) != 0 && _instance.rfind("http://", 0) != 0)
		throw sdk::Error("instance_url must be an http(s) URL (the server takes it from Salesforce's token answer)");
	if (_version.empty() || _version.find_first_not_of("0123456789.") != std::string::npos)
		throw sdk::Error("api_version must be a Salesforce API version such as " + std::string(DEFAULT_VERSION));
	if (_share <= 0 || _share > 100) throw sdk::Error("daily_api_share must be a percentage from 1 to 100");
	if (_perSecond <= 0) throw sdk::Error("requests_per_second must be a positive number");
}


std::string SalesforceApi::dataPath(const std::string& rest) const
{
	return "/services/data/v" + _version + rest;
}


std::string SalesforceApi::encoded(const std::string& text)
{
	static const char* HEX = "0123456789ABCDEF";
	std::string out;
	for (unsigned char c: text)
	{
		if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
		else
		{
			out += '%';
			out += HEX[c >> 4];
			out += HEX[c & 15];
		}
	}
	return out;
}


std::string SalesforceApi::soqlQuoted(const std::string& value)
{
	std::string out = "'";
	for (char c: value)
	{
		if (c == '\'' || c == '\\') out += '\\';
		if (c == '\n') out += "\\n";
		else if (c == '\r') out += "\\r";
		else out += c;
	}
	return out + "'";
}


std::string SalesforceApi::errorText(int status, const std::string& body)
{
	json::Value parsed;
	try
	{
		parsed = json::Value::parse(body);
	}
	catch (const json::ParseError&)
	{
		return "HTTP " + std::to_string(status) + (body.empty() ? "" : ": " + body.substr(0, 300));
	}
	if (parsed.isArray() && parsed.size() > 0) parsed = parsed[0];
	std::string text = parsed.getString("message", parsed.getString("error_description"));
	const std::string code = parsed.getString("errorCode", parsed.getString("error"));
	if (text.empty()) text = "HTTP " + std::to_string(status);
	if (!code.empty()) text += " (" + code + ")";
	return text;
}


void SalesforceApi::readUsage(const sdk::HttpResponse& response)
{
	// Sforce-Limit-Info: api-usage=18/15000 (the org's requests of the last 24 hours, and its limit).
	auto it = response.headers.find("sforce-limit-info");
	if (it == response.headers.end()) return;
	const auto at = it->second.find("api-usage=");
	if (at == std::string::npos) return;
	long long used = 0, limit = 0;
	if (std::sscanf(it->second.c_str() + at + 10, "%lld/%lld", &used, &limit) == 2 && limit > 0)
	{
		_used = used;
		_limit = limit;
	}
}


void SalesforceApi::requireShareLeft() const
{
	if (_limit <= 0 || static_cast<double>(_used) < static_cast<double>(_limit) * _share / 100.0) return;
	char share[32];
	std::snprintf(share, sizeof share, "%g%%", _share);
	throw sdk::Error("stopped: the Salesforce org has used " + std::to_string(_used) + " of its " + std::to_string(_limit) +
		" daily API requests, and this connection may use up to " + share + " of them (daily_api_share); the next run goes on "
		"once the 24-hour usage falls, or raise daily_api_share");
}


SalesforceApi::Answer SalesforceApi::send(const std::string& method, const std::string& path, const std::string& body,
	const std::string& contentType, bool idempotent, const std::string& accept)
{
	requireShareLeft();
	sdk::HttpRequest request;
	request.method = method;
	request.url = _instance + path;
	request.body = body;
	request.authorize = true;
	request.idempotent = idempotent;
	request.maxAttempts = 6;
	request.timeoutMs = 120000;
	request.rateBudget = "salesforce:" + _instance;
	request.requestsPerSecond = _perSecond;
	request.headers["Accept"] = accept;
	if (!contentType.empty()) request.headers["Content-Type"] = contentType;
	const sdk::HttpResponse response = _host.http(request);
	readUsage(response);
	if (response.status == 0) throw sdk::Error("Salesforce did not answer (" + response.error + ")");
	// The host sets error on a 401 when the connection must be signed in again: that is what the user must read.
	if (response.status == 401)
		throw sdk::Error(response.error.empty() ? "Salesforce refused the access token: " + errorText(401, response.body) : response.error);
	if (response.status == 403 && response.body.find("REQUEST_LIMIT_EXCEEDED") != std::string::npos)
		throw sdk::Error("the Salesforce org's daily API limit is used up (" + errorText(403, response.body) +
			"); the next run goes on once its 24-hour usage falls");
	Answer answer;
	answer.status = response.status;
	answer.headers = response.headers;
	answer.body = response.body;
	return answer;
}


json::Value SalesforceApi::get(const std::string& path)
{
	const Answer answer = send("GET", path);
	if (!answer.ok()) throw sdk::Error("Salesforce refused GET " + path.substr(0, 200) + ": " + errorText(answer.status, answer.body));
	return answer.json();
}


json::Value SalesforceApi::json(const std::string& method, const std::string& path, const json::Value& body, bool idempotent)
{
	const Answer answer = send(method, path, body.dump(), "application/json", idempotent);
	if (!answer.ok()) throw sdk::Error("Salesforce refused " + method + " " + path + ": " + errorText(answer.status, answer.body));
	return answer.json();
}


} // namespace salesforce
