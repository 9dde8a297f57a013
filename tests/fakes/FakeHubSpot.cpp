//
// FakeHubSpot.cpp
//


#include "fakes/FakeHubSpot.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/DigestEngine.h"
#include "Poco/URI.h"
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <sstream>


namespace polytomic {
namespace test {


namespace
{
	using Reply = FakeHttpService::Reply;


	struct PropertyDefinition
	{
		const char* name;
		const char* type;        /// HubSpot's property type
		const char* fieldType;
		bool unique;
		bool readOnly;
	};


	const std::map<std::string, std::vector<PropertyDefinition>>& definitions()
	{
		static const std::map<std::string, std::vector<PropertyDefinition>> all{
			{"contacts", {{"hs_object_id", "number", "number", true, true}, {"email", "string", "text", false, false},
				{"firstname", "string", "text", false, false}, {"lastname", "string", "text", false, false},
				{"score", "number", "number", false, false}, {"date_of_birth", "date", "date", false, false},
				{"subscribed", "bool", "booleancheckbox", false, false}, {"lifecyclestage", "enumeration", "radio", false, false},
				{"external_id", "string", "text", true, false}, {"createdate", "datetime", "date", false, true},
				{"lastmodifieddate", "datetime", "date", false, true}}},
			{"companies", {{"hs_object_id", "number", "number", true, true}, {"name", "string", "text", false, false},
				{"domain", "string", "text", false, false}, {"numberofemployees", "number", "number", false, false},
				{"createdate", "datetime", "date", false, true}, {"hs_lastmodifieddate", "datetime", "date", false, true}}},
			{"deals", {{"hs_object_id", "number", "number", true, true}, {"dealname", "string", "text", false, false},
				{"amount", "number", "number", false, false}, {"closedate", "datetime", "date", false, false},
				{"createdate", "datetime", "date", false, true}, {"hs_lastmodifieddate", "datetime", "date", false, true}}},
			{"tickets", {{"hs_object_id", "number", "number", true, true}, {"subject", "string", "text", false, false},
				{"content", "string", "textarea", false, false}, {"createdate", "datetime", "date", false, true},
				{"hs_lastmodifieddate", "datetime", "date", false, true}}},
		};
		return all;
	}


	const PropertyDefinition* definition(const std::string& type, const std::string& name)
	{
		auto it = definitions().find(type);
		if (it == definitions().end()) return nullptr;
		for (const auto& d: it->second)
			if (name == d.name) return &d;
		return nullptr;
	}


	std::string modifiedProperty(const std::string& type)
	{
		return type == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";
	}


	std::map<std::string, std::string> parameters(const std::string& text)
	{
		std::map<std::string, std::string> out;
		Poco::URI uri("/?" + text);
		for (const auto& [name, value]: uri.getQueryParameters()) out[name] = value;
		return out;
	}


	std::string iso(long long ms)
	{
		const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
		std::tm tm{};
		gmtime_r(&seconds, &tm);
		char text[64];
		std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
		return text;
	}


	long long millisOf(const std::string& value)
		/// A datetime filter or value: milliseconds since the epoch, or ISO 8601 (UTC).
	{
		if (!value.empty() && value.find('-') == std::string::npos) return std::stoll(value);
		std::tm tm{};
		int ms = 0;
		double seconds = 0;
		if (std::sscanf(value.c_str(), "%d-%d-%dT%d:%d:%lf", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &seconds) < 3)
			throw std::invalid_argument(value);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_sec = static_cast<int>(seconds);
		ms = static_cast<int>((seconds - tm.tm_sec) * 1000 + 0.5);
		return static_cast<long long>(timegm(&tm)) * 1000 + ms;
	}


	std::string base64Url(const std::vector<unsigned char>& bytes)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		encoder.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
		encoder.close();
		return out.str();
	}


	std::string s256(const std::string& verifier)
	{
		Poco::Crypto::DigestEngine sha("SHA256");
		sha.update(verifier);
		return base64Url(sha.digest());
	}


	const json::Value& HubSpotList(const json::Value& value)
		/// value when it is an array, else an empty one.
	{
		static const json::Value none = json::Value::array();
		return value.isArray() ? value : none;
	}


	Reply answered(int status, const json::Value& body)
	{
		Reply r;
		r.status = status;
		r.body = body.dump();
		return r;
	}
}


FakeHubSpot::FakeHubSpot(std::string clientId, std::string clientSecret):
	_clientId(std::move(clientId)),
	_clientSecret(std::move(clientSecret))
{
	_service = std::make_unique<FakeHttpService>([this](const FakeHttpService::Request& r) { return handle(r); });
}


std::string FakeHubSpot::url(const std::string& path) const
{
	return _service->url(path.empty() ? "" : path);
}


void FakeHubSpot::setTokenLifetime(std::chrono::seconds lifetime)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_lifetime = lifetime;
}


void FakeHubSpot::expireAccessTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (auto& [token, expiry]: _accessTokens) expiry = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}


void FakeHubSpot::revokeRefreshTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refreshTokens.clear();
	_accessTokens.clear();
}


std::string FakeHubSpot::issueAccessToken()
{
	std::lock_guard<std::mutex> lock(_mutex);
	const std::string token = "CJ" + std::to_string(++_nextId) + "-access-" + correlation();
	_accessTokens[token] = std::chrono::steady_clock::now() + std::chrono::hours(24);
	_issued.insert(token);
	return token;
}


int FakeHubSpot::refreshes() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _refreshes;
}


json::Value FakeHubSpot::lastAuthorize() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _lastAuthorize;
}


std::set<std::string> FakeHubSpot::issuedSecrets() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _issued;
}


std::string FakeHubSpot::add(const std::string& type, const std::map<std::string, std::string>& properties, long long modifiedAtMs)
{
	std::lock_guard<std::mutex> lock(_mutex);
	const std::string id = std::to_string(++_nextId);
	Record& r = _objects[type][id];
	r.id = id;
	for (const auto& [name, value]: properties) setProperty(type, r, name, value);
	r.createdAt = modifiedAtMs ? modifiedAtMs : now();
	r.updatedAt = r.createdAt;
	return r.id;
}


std::vector<FakeHubSpot::Record> FakeHubSpot::records(const std::string& type) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::vector<Record> out;
	auto it = _objects.find(type);
	if (it != _objects.end())
		for (const auto& [id, r]: it->second) out.push_back(r);
	return out;
}


std::size_t FakeHubSpot::writesOf(const std::string& type, const std::string& id) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto t = _writes.find(type);
	if (t == _writes.end()) return 0;
	auto it = t->second.find(id);
	return it == t->second.end() ? 0 : it->second;
}


void FakeHubSpot::setLatency(std::chrono::milliseconds latency)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_latency = latency;
}


void FakeHubSpot::setBurstLimit(int requestsPerTenSeconds, bool sendRetryAfter)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_burst = requestsPerTenSeconds;
	_retryAfter = sendRetryAfter;
	_window.clear();
}


void FakeHubSpot::setDailyLimit(long long requests)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_daily = requests;
	_dailyUsed = 0;
}


void FakeHubSpot::refuseNext(int count, int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refuseCount = count;
	_refuseStatus = status;
}


void FakeHubSpot::failAfterActing(int count, int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_failAfterCount = count;
	_failAfterStatus = status;
}


int FakeHubSpot::refused() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _refused;
}


std::size_t FakeHubSpot::apiCalls() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _calls;
}


long long FakeHubSpot::now() const
{
	// Strictly increasing, so that two writes are never modified at the same instant by accident.
	const long long wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
	auto& clock = const_cast<long long&>(_clock);
	clock = std::max(clock + 1, wall);
	return clock;
}


std::string FakeHubSpot::correlation()
{
	char text[48];
	std::snprintf(text, sizeof text, "a1b2c3d4-0000-4000-8000-%012lld", ++_correlation);
	return text;
}


Reply FakeHubSpot::error(int status, const std::string& category, const std::string& message)
{
	json::Value body = json::Value::object();
	body.set("status", "error");
	body.set("message", message);
	body.set("correlationId", correlation());
	body.set("category", category);
	return answered(status, body);
}


Reply FakeHubSpot::handle(const FakeHttpService::Request& request)
{
	const auto question = request.path.find('?');
	const std::string path = request.path.substr(0, question);
	const auto query = parameters(question == std::string::npos ? "" : request.path.substr(question + 1));
	std::lock_guard<std::mutex> lock(_mutex);
	Reply reply;
	try
	{
		if (request.method == "GET" && path == "/oauth/authorize") reply = authorize(query);
		else if (request.method == "POST" && path == "/oauth/v1/token") reply = token(parameters(request.body));
		else reply = api(request, path, query);
	}
	catch (const std::exception& e)
	{
		// A defect of the fake: say so, instead of dropping the connection.
		reply = error(500, "INTERNAL_ERROR", std::string("the fake failed: ") + e.what());
	}
	reply.delay = _latency;
	return reply;
}


Reply FakeHubSpot::authorize(const std::map<std::string, std::string>& query)
{
	// The user approves at once: the browser goes back to the redirect URI with a code.
	_lastAuthorize = json::Value::object();
	for (const auto& [name, value]: query) _lastAuthorize.set(name, value);
	auto get = [&](const char* name) { auto it = query.find(name); return it == query.end() ? std::string() : it->second; };
	if (get("client_id") != _clientId) return error(400, "VALIDATION_ERROR", "Invalid client_id");
	if (get("redirect_uri").empty()) return error(400, "VALIDATION_ERROR", "Missing redirect_uri");
	const std::string code = "code-" + correlation();
	_codes[code] = {get("redirect_uri"), get("code_challenge")};
	Reply r;
	r.status = 302;
	r.headers["Location"] = get("redirect_uri") + (get("redirect_uri").find('?') == std::string::npos ? "?" : "&") + "code=" + code +
		"&state=" + Poco::URI(std::string("/?s=") + get("state")).getRawQuery().substr(2);
	r.body = "";
	r.contentType = "text/html";
	return r;
}


Reply FakeHubSpot::token(const std::map<std::string, std::string>& form)
{
	auto get = [&](const char* name) { auto it = form.find(name); return it == form.end() ? std::string() : it->second; };
	const auto refused = [this](const std::string& status, const std::string& message) {
		json::Value body = json::Value::object();
		body.set("status", status);
		body.set("message", message);
		body.set("correlationId", correlation());
		return answered(400, body);
	};
	if (get("client_id") != _clientId) return refused("BAD_CLIENT_ID", "missing or invalid client_id");
	if (get("client_secret") != _clientSecret) return refused("BAD_CLIENT_SECRET", "missing or invalid client_secret");
	const std::string grant = get("grant_type");
	if (grant == "authorization_code")
	{
		auto it = _codes.find(get("code"));
		if (it == _codes.end()) return refused("BAD_AUTH_CODE", "missing or unknown auth code");
		const Grant g = it->second;
		_codes.erase(it); // a code is good once
		if (g.redirectUri != get("redirect_uri")) return refused("BAD_REDIRECT_URI", "redirect_uri does not match the one of the authorization");
		if (!g.challenge.empty() && s256(get("code_verifier")) != g.challenge)
			return refused("BAD_AUTH_CODE", "the code_verifier does not match the code_challenge");
	}
	else if (grant == "refresh_token")
	{
		if (!_refreshTokens.count(get("refresh_token"))) return refused("BAD_REFRESH_TOKEN", "missing or unknown refresh token");
		++_refreshes;
	}
	else return refused("BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token");
	const std::string access = "CJ" + std::to_string(++_nextId) + "-access-" + correlation();
	const std::string refresh = grant == "refresh_token" ? get("refresh_token") : "refresh-" + correlation();
	_accessTokens[access] = std::chrono::steady_clock::now() + _lifetime;
	_refreshTokens.insert(refresh);
	_issued.insert(access);
	_issued.insert(refresh);
	json::Value body = json::Value::object();
	body.set("token_type", "bearer");
	body.set("refresh_token", refresh);
	body.set("access_token", access);
	body.set("expires_in", static_cast<long long>(_lifetime.count()));
	return answered(200, body);
}


std::optional<Reply> FakeHubSpot::unauthorized(const FakeHttpService::Request& request)
{
	auto header = request.headers.find("Authorization");
	const std::string value = header == request.headers.end() ? std::string() : header->second;
	const std::string token = value.rfind("Bearer ", 0) == 0 ? value.substr(7) : std::string();
	auto it = _accessTokens.find(token);
	if (it == _accessTokens.end())
		return error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can "
			"find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
	if (std::chrono::steady_clock::now() >= it->second)
		return error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired " + std::to_string(
			std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - it->second).count()) + " milliseconds ago.");
	return std::nullopt;
}


std::optional<Reply> FakeHubSpot::rateLimited()
{
	const auto at = std::chrono::steady_clock::now();
	while (!_window.empty() && at - _window.front() >= std::chrono::seconds(10)) _window.pop_front();
	const auto headers = [&](Reply& r) {
		if (_burst)
		{
			r.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
			r.headers["X-HubSpot-RateLimit-Max"] = std::to_string(_burst);
			r.headers["X-HubSpot-RateLimit-Remaining"] = std::to_string(std::max<long long>(0, _burst - static_cast<long long>(_window.size())));
		}
		if (_daily)
		{
			r.headers["X-HubSpot-RateLimit-Daily"] = std::to_string(_daily);
			r.headers["X-HubSpot-RateLimit-Daily-Remaining"] = std::to_string(std::max<long long>(0, _daily - _dailyUsed));
		}
	};
	const auto limited = [&](const std::string& policy, const std::string& message) {
		++_refused;
		json::Value body = json::Value::object();
		body.set("status", "error");
		body.set("message", message);
		body.set("errorType", "RATE_LIMIT");
		body.set("correlationId", correlation());
		body.set("policyName", policy);
		Reply r = answered(429, body);
		headers(r);
		if (_retryAfter && policy != "DAILY" && !_window.empty())
		{
			const auto wait = std::chrono::duration_cast<std::chrono::seconds>(_window.front() + std::chrono::seconds(10) - at).count() + 1;
			r.headers["Retry-After"] = std::to_string(std::max<long long>(1, wait));
		}
		return r;
	};
	if (_daily && _dailyUsed >= _daily) return limited("DAILY", "You have reached your daily limit.");
	if (_refuseCount > 0 && _refuseStatus == 429)
	{
		--_refuseCount;
		return limited("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.");
	}
	if (_burst && static_cast<int>(_window.size()) >= _burst) return limited("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.");
	if (_refuseCount > 0)
	{
		--_refuseCount;
		return error(_refuseStatus, "INTERNAL_ERROR", "Internal error, please try again (the request was not carried out)");
	}
	_window.push_back(at);
	++_dailyUsed;
	return std::nullopt;
}


Reply FakeHubSpot::api(const FakeHttpService::Request& request, const std::string& path, const std::map<std::string, std::string>& query)
{
	++_calls;
	if (auto refused = unauthorized(request)) return *refused;
	if (auto limited = rateLimited()) return *limited;
	if (request.method == "GET" && path == "/account-info/v3/details")
	{
		json::Value body = json::Value::object();
		body.set("portalId", PORTAL_ID);
		body.set("accountType", "STANDARD");
		body.set("timeZone", "US/Eastern");
		body.set("companyCurrency", "USD");
		body.set("utcOffset", "-05:00");
		body.set("uiDomain", "app.hubspot.com");
		body.set("dataHostingLocation", "na1");
		return answered(200, body);
	}
	if (request.method == "GET" && path == "/crm/v3/schemas")
	{
		json::Value body = json::Value::object();
		body.set("results", json::Value::array());
		return answered(200, body);
	}
	const std::string properties = "/crm/v3/properties/";
	if (request.method == "GET" && path.rfind(properties, 0) == 0) return this->properties(path.substr(properties.size()));
	const std::string objects = "/crm/v3/objects/";
	if (path.rfind(objects, 0) != 0) return error(404, "OBJECT_NOT_FOUND", "resource not found: " + path);
	const std::string rest = path.substr(objects.size());
	const auto slash = rest.find('/');
	const std::string type = rest.substr(0, slash);
	if (!definitions().count(type)) return error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + type);
	const std::string action = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
	json::Value body;
	if (request.method == "POST")
	{
		try
		{
			body = json::Value::parse(request.body);
		}
		catch (const json::ParseError& e)
		{
			return error(400, "VALIDATION_ERROR", std::string("Invalid input JSON: ") + e.what());
		}
	}
	if (request.method == "GET" && action.empty()) return list(type, query);
	if (request.method == "POST" && action == "search") return search(type, body);
	if (request.method == "POST" && action.rfind("batch/", 0) == 0)
	{
		const std::string operation = action.substr(6);
		Reply reply = batch(type, operation, body);
		if (operation != "read" && reply.status < 300 && _failAfterCount > 0)
		{
			--_failAfterCount;
			return error(_failAfterStatus, "INTERNAL_ERROR", "Bad gateway (the request may have been carried out)");
		}
		return reply;
	}
	return error(404, "OBJECT_NOT_FOUND", "resource not found: " + request.method + " " + path);
}


Reply FakeHubSpot::properties(const std::string& type) const
{
	auto it = definitions().find(type);
	if (it == definitions().end())
	{
		auto self = const_cast<FakeHubSpot*>(this);
		return self->error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + type);
	}
	json::Value results = json::Value::array();
	for (const auto& d: it->second)
	{
		json::Value p = json::Value::object();
		p.set("name", d.name);
		p.set("label", d.name);
		p.set("type", d.type);
		p.set("fieldType", d.fieldType);
		p.set("groupName", type == "contacts" ? "contactinformation" : "information");
		p.set("hasUniqueValue", d.unique);
		p.set("calculated", false);
		p.set("hidden", false);
		p.set("formField", !d.readOnly);
		json::Value meta = json::Value::object();
		meta.set("archivable", !d.readOnly);
		meta.set("readOnlyDefinition", true);
		meta.set("readOnlyValue", d.readOnly);
		p.set("modificationMetadata", meta);
		results.push(p);
	}
	json::Value body = json::Value::object();
	body.set("results", results);
	return answered(200, body);
}


json::Value FakeHubSpot::recordJson(const std::string& type, const Record& r, const std::set<std::string>& wanted) const
{
	json::Value properties = json::Value::object();
	// HubSpot always adds these, whatever was asked.
	std::set<std::string> names = wanted;
	names.insert({"hs_object_id", "createdate", modifiedProperty(type)});
	for (const auto& name: names)
	{
		if (!definition(type, name)) continue;
		if (name == "hs_object_id") properties.set(name, r.id);
		else if (name == "createdate") properties.set(name, iso(r.createdAt));
		else if (name == modifiedProperty(type)) properties.set(name, iso(r.updatedAt));
		else
		{
			auto it = r.properties.find(name);
			properties.set(name, it == r.properties.end() ? json::Value() : json::Value(it->second));
		}
	}
	json::Value out = json::Value::object();
	out.set("id", r.id);
	out.set("properties", properties);
	out.set("createdAt", iso(r.createdAt));
	out.set("updatedAt", iso(r.updatedAt));
	out.set("archived", false);
	return out;
}


Reply FakeHubSpot::list(const std::string& type, const std::map<std::string, std::string>& query)
{
	auto get = [&](const char* name) { auto it = query.find(name); return it == query.end() ? std::string() : it->second; };
	const int limit = get("limit").empty() ? 10 : std::stoi(get("limit"));
	if (limit < 1 || limit > 100) return error(400, "VALIDATION_ERROR", "limit must be between 1 and 100");
	std::set<std::string> wanted;
	std::stringstream names(get("properties"));
	for (std::string name; std::getline(names, name, ',');) if (!name.empty()) wanted.insert(name);
	const long long after = get("after").empty() ? 0 : std::stoll(get("after"));
	std::vector<const Record*> sorted;
	for (const auto& [id, r]: _objects[type])
		if (std::stoll(id) >= after) sorted.push_back(&r);
	std::sort(sorted.begin(), sorted.end(), [](const Record* a, const Record* b) { return std::stoll(a->id) < std::stoll(b->id); });
	json::Value results = json::Value::array();
	for (std::size_t i = 0; i < sorted.size() && i < static_cast<std::size_t>(limit); ++i) results.push(recordJson(type, *sorted[i], wanted));
	json::Value body = json::Value::object();
	body.set("results", results);
	if (sorted.size() > static_cast<std::size_t>(limit))
	{
		const std::string next = std::to_string(std::stoll(sorted[static_cast<std::size_t>(limit) - 1]->id) + 1);
		json::Value page = json::Value::object();
		page.set("after", next);
		page.set("link", url("/crm/v3/objects/" + type + "?after=" + next));
		json::Value paging = json::Value::object();
		paging.set("next", page);
		body.set("paging", paging);
	}
	return answered(200, body);
}


Reply FakeHubSpot::search(const std::string& type, const json::Value& body)
{
	const long long limit = body.getInt64("limit", 10);
	const long long after = std::stoll(body.getString("after", "0").empty() ? "0" : body.getString("after", "0"));
	if (limit < 1 || limit > 200) return error(400, "VALIDATION_ERROR", "limit must be between 1 and 200");
	if (after + limit > 10000) return error(400, "VALIDATION_ERROR", "The search API gives at most 10,000 results of one query");
	const auto valueOf = [&](const Record& r, const std::string& name) -> std::optional<std::string> {
		if (name == "hs_object_id") return r.id;
		if (name == "createdate") return std::to_string(r.createdAt);
		if (name == modifiedProperty(type)) return std::to_string(r.updatedAt);
		auto it = r.properties.find(name);
		return it == r.properties.end() ? std::nullopt : std::optional<std::string>(it->second);
	};
	const auto numeric = [&](const std::string& name) {
		const PropertyDefinition* d = definition(type, name);
		return d && (std::string(d->type) == "number" || std::string(d->type) == "datetime");
	};
	const auto matches = [&](const Record& r, const json::Value& filter) {
		const std::string name = filter.getString("propertyName");
		const auto value = valueOf(r, name);
		if (!value) return false;
		const std::string op = filter.getString("operator");
		const std::string given = filter.getString("value");
		if (numeric(name))
		{
			const long long a = std::stoll(*value), b = std::string(definition(type, name)->type) == "datetime" ? millisOf(given) : std::stoll(given);
			return op == "EQ" ? a == b : op == "GT" ? a > b : op == "GTE" ? a >= b : op == "LT" ? a < b : op == "LTE" ? a <= b : false;
		}
		return op == "EQ" ? *value == given : op == "NEQ" ? *value != given : false;
	};
	std::vector<const Record*> found;
	for (const auto& [id, r]: _objects[type])
	{
		bool any = body["filterGroups"].size() == 0;
		for (const auto& group: HubSpotList(body["filterGroups"]).items())
		{
			bool all = true;
			for (const auto& filter: HubSpotList(group["filters"]).items()) all = all && matches(r, filter);
			any = any || all;
		}
		if (any) found.push_back(&r);
	}
	const json::Value& sort = body["sorts"].size() ? body["sorts"][0] : json::Value();
	const std::string by = sort.isObject() ? sort.getString("propertyName") : "hs_object_id";
	const bool descending = sort.isObject() && sort.getString("direction") == "DESCENDING";
	std::stable_sort(found.begin(), found.end(), [&](const Record* a, const Record* b) {
		const long long x = std::stoll(valueOf(*a, by).value_or("0")), y = std::stoll(valueOf(*b, by).value_or("0"));
		return x != y ? (descending ? x > y : x < y) : std::stoll(a->id) < std::stoll(b->id);
	});
	std::set<std::string> wanted;
	if (body["properties"].isArray())
		for (const auto& p: body["properties"].items()) wanted.insert(p.asString());
	json::Value results = json::Value::array();
	for (long long i = after; i < static_cast<long long>(found.size()) && i < after + limit; ++i)
		results.push(recordJson(type, *found[static_cast<std::size_t>(i)], wanted));
	json::Value answer = json::Value::object();
	answer.set("total", static_cast<long long>(found.size()));
	answer.set("results", results);
	if (after + limit < static_cast<long long>(found.size()))
	{
		json::Value next = json::Value::object();
		next.set("after", std::to_string(after + limit));
		json::Value paging = json::Value::object();
		paging.set("next", next);
		answer.set("paging", paging);
	}
	return answered(200, answer);
}


std::string FakeHubSpot::findBy(const std::string& type, const std::string& property, const std::string& value) const
{
	if (property == "hs_object_id" || property.empty())
	{
		auto it = _objects.find(type);
		return it != _objects.end() && it->second.count(value) ? value : "";
	}
	auto t = _index.find(type);
	if (t == _index.end()) return "";
	auto p = t->second.find(property);
	if (p == t->second.end()) return "";
	auto found = p->second.find(value);
	return found == p->second.end() ? "" : found->second;
}


void FakeHubSpot::setProperty(const std::string& type, Record& r, const std::string& name, const std::string& value)
{
	auto old = r.properties.find(name);
	if (old != r.properties.end())
	{
		auto& byValue = _index[type][name];
		auto indexed = byValue.find(old->second);
		if (indexed != byValue.end() && indexed->second == r.id) byValue.erase(indexed);
	}
	if (value.empty())
	{
		r.properties.erase(name);
		return;
	}
	r.properties[name] = value;
	_index[type][name].emplace(value, r.id); // unique properties: one record a value
}


void FakeHubSpot::forget(const std::string& type, const std::string& id)
{
	auto it = _objects[type].find(id);
	if (it == _objects[type].end()) return;
	const auto properties = it->second.properties;
	for (const auto& [name, value]: properties) setProperty(type, it->second, name, "");
	_objects[type].erase(it);
}


std::optional<std::string> FakeHubSpot::invalid(const std::string& type, const json::Value& properties) const
{
	if (!properties.isObject()) return std::string("properties must be an object");
	for (const auto& [name, value]: properties.members())
	{
		const PropertyDefinition* d = definition(type, name);
		if (!d) return "Property \"" + name + "\" does not exist (PROPERTY_DOESNT_EXIST)";
		if (d->readOnly) return "\"" + name + "\" is a read only property; its value cannot be set (READ_ONLY_VALUE)";
		if (!value.isString()) return "Property \"" + name + "\" must be a string value";
		const std::string text = value.asString();
		if (text.empty()) continue;
		const std::string kind = d->type;
		try
		{
			std::size_t used = 0;
			if (kind == "number") std::stod(text, &used);
			if (kind == "number" && used != text.size()) throw std::invalid_argument(text);
			if (kind == "datetime" || kind == "date") millisOf(text);
		}
		catch (const std::exception&)
		{
			return text + " was not a valid " + kind + " for property \"" + name + "\" (INVALID_" + (kind == "number" ? "DECIMAL" : "DATE") + ")";
		}
		if (kind == "bool" && text != "true" && text != "false") return text + " was not a valid boolean for \"" + name + "\" (INVALID_BOOLEAN)";
		if (name == "email" && text.find('@') == std::string::npos) return "Email address " + text + " is invalid (INVALID_EMAIL)";
	}
	return std::nullopt;
}


void FakeHubSpot::write(const std::string& type, Record& r, const json::Value& properties)
{
	for (const auto& [name, value]: properties.members()) setProperty(type, r, name, value.asString());
	r.updatedAt = now();
	++_writes[type][r.id];
}


Reply FakeHubSpot::batch(const std::string& type, const std::string& operation, const json::Value& body)
{
	const json::Value& inputs = body["inputs"];
	if (!inputs.isArray()) return error(400, "VALIDATION_ERROR", "inputs is required");
	if (inputs.size() > 100) return error(400, "VALIDATION_ERROR", "Batch input limit exceeded: at most 100 inputs");
	const std::string started = iso(now());
	// Refused whole: nothing of the batch is carried out.
	if (operation == "create" || operation == "update" || operation == "upsert")
		for (std::size_t i = 0; i < inputs.size(); ++i)
		{
			if (operation == "upsert" && inputs[i].getString("idProperty").empty())
				return error(400, "VALIDATION_ERROR", "idProperty is required for an upsert (a property with unique values)");
			if (auto problem = invalid(type, inputs[i]["properties"]))
				return error(400, "VALIDATION_ERROR", "Property values were not valid: " + *problem + " (input " + std::to_string(i) + ")");
		}
	if (operation == "create")
		for (const auto& in: inputs.items())
		{
			const std::string email = in["properties"].getString("email");
			const std::string existing = type == "contacts" && !email.empty() ? findBy(type, "email", email) : "";
			if (!existing.empty()) return error(409, "CONFLICT", "Contact already exists. Existing ID: " + existing);
		}
	json::Value results = json::Value::array(), errors = json::Value::array();
	std::vector<std::string> missing;
	for (const auto& in: inputs.items())
	{
		const std::string idProperty = in.getString("idProperty", body.getString("idProperty"));
		const std::string id = operation == "create" ? std::string() : findBy(type, idProperty, in.getString("id"));
		if (operation == "archive")
		{
			if (!id.empty())
			{
				++_writes[type][id];
				forget(type, id);
			}
			continue;
		}
		if (id.empty() && (operation == "update" || operation == "read"))
		{
			missing.push_back(in.getString("id"));
			continue;
		}
		std::set<std::string> wanted;
		if (body["properties"].isArray())
			for (const auto& p: body["properties"].items()) wanted.insert(p.asString());
		json::Value item;
		if (operation == "read") item = recordJson(type, _objects[type][id], wanted);
		else
		{
			const bool fresh = id.empty();
			Record& r = fresh ? _objects[type][std::to_string(++_nextId)] : _objects[type][id];
			if (fresh)
			{
				r.id = std::to_string(_nextId);
				r.createdAt = now();
				if (operation == "upsert") setProperty(type, r, idProperty, in.getString("id"));
			}
			write(type, r, in["properties"]);
			for (const auto& [name, value]: in["properties"].members()) wanted.insert(name);
			if (!idProperty.empty()) wanted.insert(idProperty);
			item = recordJson(type, r, wanted);
			if (operation == "upsert") item.set("new", fresh);
		}
		if (in.has("objectWriteTraceId")) item.set("objectWriteTraceId", in["objectWriteTraceId"]);
		results.push(item);
	}
	if (operation == "archive")
	{
		Reply r;
		r.status = 204;
		return r;
	}
	if (!missing.empty())
	{
		json::Value e = json::Value::object();
		e.set("status", "error");
		e.set("category", "OBJECT_NOT_FOUND");
		e.set("message", "Could not get some " + type + " objects, they may be deleted or not exist. Check that ids are valid.");
		json::Value ids = json::Value::array();
		for (const auto& id: missing) ids.push(id);
		json::Value context = json::Value::object();
		context.set("ids", ids);
		e.set("context", context);
		errors.push(e);
	}
	json::Value answer = json::Value::object();
	answer.set("status", "COMPLETE");
	answer.set("results", results);
	if (errors.size())
	{
		answer.set("numErrors", static_cast<long long>(errors.size()));
		answer.set("errors", errors);
	}
	answer.set("startedAt", started);
	answer.set("completedAt", iso(now()));
	return answered(errors.size() ? 207 : operation == "create" ? 201 : 200, answer);
}


} } // namespace polytomic::test
