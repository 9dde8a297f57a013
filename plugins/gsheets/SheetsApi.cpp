//
// SheetsApi.cpp
//


#include "SheetsApi.h"
#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>


namespace gsheets {


using namespace polytomic;


const char* SheetsApi::SHEETS_URL = "https://sheets.googleapis.com";
const char* SheetsApi::DRIVE_URL = "https://www.googleapis.com";


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


	std::string trimmed(std::string url)
	{
		while (!url.empty() && url.back() == '/') url.pop_back();
		if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
			throw sdk::Error("sheets_url and drive_url must be http(s) URLs (leave them out for Google's own)");
		return url;
	}


	std::string firstReason(const json::Value& body)
	{
		const json::Value& errors = body["error"]["errors"];
		if (errors.isArray() && errors.size() > 0) return errors[0].getString("reason");
		return "";
	}
}


SheetsApi::SheetsApi(const sdk::Host& host, const json::Value& config):
	_host(host),
	_sheetsUrl(trimmed(config.getString("sheets_url", SHEETS_URL))),
	_driveUrl(trimmed(config.getString("drive_url", DRIVE_URL))),
	_perSecond(static_cast<double>(config.getInt64("requests_per_minute", 60)) / 60.0),
	_quotaRetries(static_cast<int>(config.getInt64("quota_retries", 6)))
{
	if (_perSecond <= 0) throw sdk::Error("requests_per_minute must be a positive number (Google's per-user quota is 60 a minute)");
	if (_quotaRetries < 0) throw sdk::Error("quota_retries must be 0 or more");
}


std::string SheetsApi::escaped(const std::string& text)
{
	static const char* hex = "0123456789ABCDEF";
	std::string out;
	for (unsigned char c: text)
	{
		if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
		else
		{
			out += '%';
			out += hex[c >> 4];
			out += hex[c & 15];
		}
	}
	return out;
}


std::string SheetsApi::errorText(int status, const json::Value& body)
{
	const json::Value& error = body["error"];
	std::string text = error.isObject() ? error.getString("message") : body.getString("error_description", error.isString() ? error.asString() : "");
	if (text.empty()) text = "HTTP " + std::to_string(status);
	std::string kind = error.isObject() ? error.getString("status") : "";
	const std::string reason = firstReason(body);
	if (!reason.empty()) kind += (kind.empty() ? "" : ", ") + reason;
	if (!kind.empty()) text += " (" + kind + ")";
	return text;
}


bool SheetsApi::quotaRefusal(int status, const json::Value& body)
{
	const std::string reason = firstReason(body);
	const std::string kind = body["error"].isObject() ? body["error"].getString("status") : "";
	return status == 429 || (status == 403 && (kind == "RESOURCE_EXHAUSTED" || reason == "rateLimitExceeded" ||
		reason == "userRateLimitExceeded"));
}


const std::string& SheetsApi::user()
{
	// The per-user quota is the Google user's: every run signed in as that user shares one budget, named after them.
	if (_user.empty())
	{
		sdk::HttpRequest request;
		request.url = _driveUrl + "/drive/v3/about?fields=" + escaped("user(permissionId)");
		const json::Value body = parsed(attempt(request).body);
		const std::string id = body["user"].getString("permissionId");
		_user = id.empty() ? "unknown" : id;
	}
	return _user;
}


void SheetsApi::requireUsable(const sdk::HttpResponse& response, const json::Value& body) const
{
	if (response.status == 0) throw sdk::Error("Google did not answer (" + response.error + ")");
	// The host sets error on a 401 when the connection must be signed in again: that is what the user must read.
	if (response.status == 401)
		throw sdk::Error(response.error.empty() ? "Google refused the access token: " + errorText(401, body) : response.error);
	if (response.status == 403 && !quotaRefusal(403, body))
		throw sdk::Error("Google refused access: " + errorText(403, body) +
			"; the signed-in user needs edit access to the spreadsheet, and the app the Sheets and Drive scopes");
}


sdk::HttpResponse SheetsApi::exchange(sdk::HttpRequest request)
{
	// Google counts a user's reads and writes apart, each at the per-user limit; Drive's quota is its own, and far larger.
	const bool drive = request.url.rfind(_driveUrl + "/drive/", 0) == 0;
	request.rateBudget = std::string(drive ? "gdrive:" : request.method == "GET" ? "gsheets-read:" : "gsheets-write:") + user();
	request.requestsPerSecond = drive ? DRIVE_PER_SECOND : _perSecond;
	return attempt(request);
}


sdk::HttpResponse SheetsApi::attempt(sdk::HttpRequest request)
{
	request.authorize = true;
	request.maxAttempts = 8;
	request.headers["Accept"] = "application/json";
	if (!request.body.empty()) request.headers["Content-Type"] = "application/json";
	std::chrono::milliseconds delay(1000);
	for (int retry = 0;; ++retry)
	{
		const sdk::HttpResponse response = _host.http(request);
		const json::Value body = parsed(response.body);
		if (quotaRefusal(response.status, body))
		{
			if (retry >= _quotaRetries)
				throw sdk::Error("Google kept refusing requests for its quota after " + std::to_string(retry + 1) + " tries (" +
					errorText(response.status, body) + "); lower requests_per_minute, run fewer syncs as this Google user at once, "
					"or ask Google for a higher quota");
			_host.warn("Google refused a request for its quota (" + errorText(response.status, body) + "); trying again in " +
				std::to_string(delay.count()) + " ms");
			// Waited out in steps, so that a cancelled run stops at once.
			for (auto waited = std::chrono::milliseconds(0); waited < delay; waited += std::chrono::milliseconds(100))
			{
				if (_host.cancelled()) throw sdk::Error("the run was cancelled while it waited for Google's quota");
				std::this_thread::sleep_for(std::chrono::milliseconds(100));
			}
			delay = std::min(delay * 2, std::chrono::milliseconds(64000));
			continue;
		}
		requireUsable(response, body);
		return response;
	}
}


json::Value SheetsApi::get(const std::string& pathAndQuery)
{
	return fetch(_sheetsUrl + pathAndQuery, "Google Sheets refused GET " + pathAndQuery);
}


json::Value SheetsApi::driveGet(const std::string& pathAndQuery)
{
	return fetch(_driveUrl + pathAndQuery, "Google Drive refused the file list");
}


json::Value SheetsApi::fetch(const std::string& url, const std::string& refusal)
{
	sdk::HttpRequest request;
	request.url = url;
	const sdk::HttpResponse response = exchange(request);
	const json::Value body = parsed(response.body);
	if (response.status < 200 || response.status >= 300) throw sdk::Error(refusal + ": " + errorText(response.status, body));
	return body;
}


SheetsApi::Answer SheetsApi::send(const std::string& method, const std::string& pathAndQuery, const json::Value& body, bool idempotent)
{
	sdk::HttpRequest request;
	request.method = method;
	request.url = _sheetsUrl + pathAndQuery;
	request.body = body.dump();
	request.idempotent = idempotent;
	const sdk::HttpResponse response = exchange(request);
	return {response.status, parsed(response.body)};
}


} // namespace gsheets
