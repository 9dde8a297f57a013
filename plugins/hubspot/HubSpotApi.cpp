//
// HubSpotApi.cpp
//


#include "HubSpotApi.h"
#include <algorithm>


namespace hubspot {


using namespace polytomic;


const char* HubSpotApi::DEFAULT_URL = "https://api.hubapi.com";


namespace
{
	json::Value parsed(const std::string& text)
	{
		if (text.empty()) return json::Value::object();
		try
		{
			return json::Value::parse(text);
		}
		catch (const json::ParseError&)
		{
			return json::Value::object();
		}
	}
}


HubSpotApi::HubSpotApi(const sdk::Host& host, const json::Value& config):
	_host(host),
	_url(config.getString("api_url", DEFAULT_URL)),
	_perSecond(static_cast<double>(config.getInt64("requests_per_ten_seconds", 100)) / 10.0 * HEADROOM),
	_perDay(dailyBudget(config.getInt64("requests_per_day", 0)))
{
	while (!_url.empty() && _url.back() == '/') _url.pop_back();
	if (_url.rfind("https://", 0) != 0 && _url.rfind("http://", 0) != 0)
		throw sdk::Error("api_url must be an http(s) URL (leave it out for " + std::string(DEFAULT_URL) + ")");
	if (_perSecond <= 0) throw sdk::Error("requests_per_ten_seconds must be a positive number (HubSpot's burst limit of the portal)");
	if (_perDay < 0) throw sdk::Error("requests_per_day must be 0 (no daily quota) or the portal's daily limit");
}


const json::Value& HubSpotApi::listIn(const json::Value& answer, const std::string& key)
{
	static const json::Value none = json::Value::array();
	const json::Value& list = answer[key];
	return list.isArray() ? list : none;
}


std::string HubSpotApi::errorText(int status, const json::Value& body)
{
	std::string text = body.getString("message");
	if (text.empty()) text = "HTTP " + std::to_string(status);
	const std::string category = body.getString("category", body.getString("errorType"));
	if (!category.empty()) text += " (" + category + ")";
	const std::string correlation = body.getString("correlationId");
	if (!correlation.empty()) text += " [correlation id " + correlation + "]";
	return text;
}


long long HubSpotApi::dailyBudget(long long perDay)
{
	// A run asks which portal it is on before it knows the budget to count that in: keep some of the quota for those.
	return perDay > 0 ? std::max(1LL, perDay - std::max(10LL, perDay / 100)) : perDay;
}


const std::string& HubSpotApi::portal()
{
	// The rate limit is the portal's: every run on it shares one budget, named after it.
	if (_portal.empty())
	{
		_portal = "unknown";
		sdk::HttpRequest request;
		request.url = _url + "/account-info/v3/details";
		request.authorize = true;
		const sdk::HttpResponse response = _host.http(request);
		requireUsable(response);
		const json::Value details = parsed(response.body);
		if (details["portalId"].isNumber()) _portal = std::to_string(details["portalId"].asInt64());
	}
	return _portal;
}


void HubSpotApi::requireUsable(const sdk::HttpResponse& response) const
{
	if (response.status == 0) throw sdk::Error("HubSpot did not answer (" + response.error + ")");
	// The host sets error on a 401 when the connection must be signed in again: that is what the user must read.
	if (response.status == 401)
		throw sdk::Error(response.error.empty() ? "HubSpot refused the access token: " + errorText(401, parsed(response.body)) : response.error);
	if (response.status == 403)
		throw sdk::Error("HubSpot refused access: " + errorText(403, parsed(response.body)) + "; the app needs the scope of this object");
	if (response.status == 429 && response.attempts == 0 && !response.error.empty())
		// The host sent nothing: the daily quota of the portal's budget is used up.
		throw sdk::Error("the daily API quota this server keeps for the HubSpot portal is used up (" + response.error +
			"); the next run after midnight UTC goes on from there (requests_per_day of the connection sets it)");
	if (response.status == 429)
	{
		const json::Value body = parsed(response.body);
		if (body.getString("policyName") == "DAILY")
			throw sdk::Error("HubSpot's daily API limit of this portal is used up (" + errorText(429, body) +
				"); it resets at midnight in the portal's time zone, and the next run goes on from there");
		throw sdk::Error("HubSpot kept refusing requests for its rate limit after " + std::to_string(response.attempts) + " attempts (" +
			errorText(429, body) + "); lower requests_per_ten_seconds or run fewer syncs on this portal at once");
	}
}


sdk::HttpResponse HubSpotApi::send(sdk::HttpRequest request, const std::string& budget, double perSecond)
{
	request.authorize = true;
	request.rateBudget = budget;
	request.requestsPerSecond = perSecond;
	request.requestsPerDay = _perDay;
	request.maxAttempts = 8;
	request.headers["Accept"] = "application/json";
	if (!request.body.empty()) request.headers["Content-Type"] = "application/json";
	const sdk::HttpResponse response = _host.http(request);
	requireUsable(response);
	return response;
}


json::Value HubSpotApi::get(const std::string& path)
{
	sdk::HttpRequest request;
	request.url = _url + path;
	const std::string budget = "hubspot:" + portal();
	const sdk::HttpResponse response = send(request, budget, _perSecond);
	const json::Value body = parsed(response.body);
	if (response.status < 200 || response.status >= 300) throw sdk::Error("HubSpot refused GET " + path + ": " + errorText(response.status, body));
	return body;
}


HubSpotApi::Answer HubSpotApi::post(const std::string& path, const json::Value& body, bool idempotent)
{
	sdk::HttpRequest request;
	request.method = "POST";
	request.url = _url + path;
	request.body = body.dump();
	request.idempotent = idempotent;
	const std::string budget = "hubspot:" + portal();
	const sdk::HttpResponse response = send(request, budget, _perSecond);
	return {response.status, parsed(response.body)};
}


HubSpotApi::Answer HubSpotApi::search(const std::string& objectType, const json::Value& body)
{
	// The search API has its own, lower limit (5 a second), counted apart from the portal's.
	const std::string searchBudget = "hubspot-search:" + portal();
	sdk::HttpRequest request;
	request.method = "POST";
	request.url = _url + "/crm/v3/objects/" + objectType + "/search";
	request.body = body.dump();
	request.idempotent = true; // a search changes nothing
	const sdk::HttpResponse response = send(request, searchBudget, std::min(_perSecond, 4.0));
	const json::Value answer = parsed(response.body);
	if (response.status < 200 || response.status >= 300)
		throw sdk::Error("HubSpot refused the search of " + objectType + ": " + errorText(response.status, answer));
	return {response.status, answer};
}


} // namespace hubspot
