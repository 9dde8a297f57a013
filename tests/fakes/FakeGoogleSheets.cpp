//
// FakeGoogleSheets.cpp
//


#include "fakes/FakeGoogleSheets.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/DigestEngine.h"
#include "Poco/URI.h"
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <sstream>


namespace polytomic {
namespace test {


namespace
{
	using Reply = FakeHttpService::Reply;
	using Query = std::vector<std::pair<std::string, std::string>>;


	Query parameters(const std::string& text)
	{
		Query out;
		for (const auto& pair: Poco::URI("/?" + text).getQueryParameters()) out.push_back(pair);
		return out;
	}


	std::string value(const Query& query, const std::string& name)
	{
		for (const auto& [k, v]: query)
			if (k == name) return v;
		return "";
	}


	std::string decoded(const std::string& text)
	{
		std::string out;
		Poco::URI::decode(text, out);
		return out;
	}


	std::string s256(const std::string& verifier)
	{
		Poco::Crypto::DigestEngine sha("SHA256");
		sha.update(verifier);
		const auto digest = sha.digest();
		std::ostringstream out;
		Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
		encoder.close();
		return out.str();
	}


	Reply answered(int status, const json::Value& body)
	{
		Reply r;
		r.status = status;
		r.body = body.dump();
		return r;
	}


	std::string letters(long long index)
	{
		std::string out;
		for (long long n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
		return out;
	}


	std::string quoted(const std::string& title)
	{
		std::string out = "'";
		for (char c: title) out += c == '\'' ? std::string("''") : std::string(1, c);
		return out + "'";
	}


	bool emptyCell(const json::Value& v)
	{
		return v.isNull() || (v.isString() && v.asString().empty());
	}


	std::string formatted(const json::Value& v)
		/// FORMATTED_VALUE: what the cell shows (the fake's cells have the default format).
	{
		if (v.isBool()) return v.asBool() ? "TRUE" : "FALSE";
		if (v.isInteger()) return std::to_string(v.asInt64());
		if (v.isNumber())
		{
			char text[40];
			std::snprintf(text, sizeof text, "%.15g", v.asDouble());
			return text;
		}
		return v.isString() ? v.asString() : "";
	}


	bool cellAt(const std::string& text, std::size_t& pos, long long& column, long long& row)
		/// "B3", "B", "3": column and row 0-based, -1 for a part left out.
	{
		column = -1;
		row = -1;
		long long c = 0;
		bool any = false;
		while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
		{
			c = c * 26 + (std::toupper(static_cast<unsigned char>(text[pos])) - 'A' + 1);
			++pos;
			any = true;
		}
		if (any) column = c - 1;
		long long r = 0;
		bool digits = false;
		while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
		{
			r = r * 10 + (text[pos] - '0');
			++pos;
			digits = true;
		}
		if (digits) row = r - 1;
		return any || digits;
	}
}


FakeGoogleSheets::FakeGoogleSheets(std::string clientId, std::string clientSecret):
	_clientId(std::move(clientId)),
	_clientSecret(std::move(clientSecret))
{
	_service = std::make_unique<FakeHttpService>([this](const FakeHttpService::Request& r) { return handle(r); });
}


std::string FakeGoogleSheets::url(const std::string& path) const
{
	return _service->url(path);
}


void FakeGoogleSheets::setTokenLifetime(std::chrono::seconds lifetime)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_lifetime = lifetime;
}


void FakeGoogleSheets::expireAccessTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (auto& [token, expiry]: _accessTokens) expiry = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}


void FakeGoogleSheets::revokeRefreshTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refreshTokens.clear();
	_accessTokens.clear();
}


std::string FakeGoogleSheets::issueAccessToken()
{
	std::lock_guard<std::mutex> lock(_mutex);
	const std::string token = "ya29.a0-access-" + std::to_string(++_next);
	_accessTokens[token] = std::chrono::steady_clock::now() + std::chrono::hours(24);
	_issued.insert(token);
	return token;
}


int FakeGoogleSheets::refreshes() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _refreshes;
}


json::Value FakeGoogleSheets::lastAuthorize() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _lastAuthorize;
}


std::set<std::string> FakeGoogleSheets::issuedSecrets() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _issued;
}


std::string FakeGoogleSheets::addSpreadsheet(const std::string& title)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Spreadsheet s;
	s.id = "1Bx" + std::to_string(++_next) + "sPrEaDsHeEt_id-" + std::to_string(_spreadsheets.size());
	s.title = title;
	_spreadsheets.push_back(s);
	return s.id;
}


void FakeGoogleSheets::addSheet(const std::string& spreadsheetId, const std::string& title, const std::vector<Row>& rows, long long rowCount,
	long long columnCount)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Spreadsheet* s = find(spreadsheetId);
	if (!s) throw std::invalid_argument("no spreadsheet " + spreadsheetId);
	SheetData sheet;
	sheet.sheetId = ++_next;
	sheet.title = title;
	sheet.rowCount = std::max<long long>(rowCount, static_cast<long long>(rows.size()));
	sheet.columnCount = columnCount;
	sheet.rows = rows;
	s->sheets.push_back(sheet);
}


bool FakeGoogleSheets::hasSheet(const std::string& spreadsheetId, const std::string& title) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (const auto& s: _spreadsheets)
		if (s.id == spreadsheetId)
			for (const auto& sheet: s.sheets)
				if (sheet.title == title) return true;
	return false;
}


std::vector<FakeGoogleSheets::Row> FakeGoogleSheets::values(const std::string& spreadsheetId, const std::string& title) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (const auto& s: _spreadsheets)
		if (s.id == spreadsheetId)
			for (const auto& sheet: s.sheets)
				if (sheet.title == title)
				{
					std::vector<Row> out = sheet.rows;
					for (Row& row: out)
						while (!row.empty() && emptyCell(row.back())) row.pop_back();
					while (!out.empty() && out.back().empty()) out.pop_back();
					return out;
				}
	throw std::invalid_argument("no sheet " + title);
}


std::vector<std::vector<std::string>> FakeGoogleSheets::text(const std::string& spreadsheetId, const std::string& title) const
{
	std::vector<std::vector<std::string>> out;
	for (const Row& row: values(spreadsheetId, title))
	{
		out.emplace_back();
		for (const auto& cell: row) out.back().push_back(formatted(cell));
	}
	return out;
}


void FakeGoogleSheets::setLatency(std::chrono::milliseconds latency)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_latency = latency;
}


void FakeGoogleSheets::setUserQuota(int requests, std::chrono::milliseconds window)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_quota = requests;
	_quotaWindow = window;
	_window.clear();
}


void FakeGoogleSheets::setDrivePageLimit(long long files)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_drivePage = files;
}


std::vector<std::string> FakeGoogleSheets::requestsTo(const std::string& pathPrefix) const
{
	std::vector<std::string> out;
	for (const auto& r: _service->requests())
		if (r.path.rfind(pathPrefix, 0) == 0) out.push_back(r.method + " " + r.path);
	return out;
}


void FakeGoogleSheets::refuseNext(int count, int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refuseCount = count;
	_refuseStatus = status;
}


void FakeGoogleSheets::failAfterActing(int count, int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_failAfterCount = count;
	_failAfterStatus = status;
}


int FakeGoogleSheets::refused() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _refused;
}


std::size_t FakeGoogleSheets::apiCalls() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _calls;
}


std::size_t FakeGoogleSheets::largestRequest() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _largest;
}


std::size_t FakeGoogleSheets::writeRequests() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _writes;
}


FakeGoogleSheets::Spreadsheet* FakeGoogleSheets::find(const std::string& id)
{
	for (auto& s: _spreadsheets)
		if (s.id == id) return &s;
	return nullptr;
}


Reply FakeGoogleSheets::error(int status, const std::string& kind, const std::string& message)
{
	json::Value error = json::Value::object();
	error.set("code", status);
	error.set("message", message);
	error.set("status", kind);
	json::Value body = json::Value::object();
	body.set("error", error);
	return answered(status, body);
}


Reply FakeGoogleSheets::acted(Reply reply)
	/// A write carried out: counted, and answered with an injected failure when one is due.
{
	if (reply.status >= 300) return reply;
	++_writes;
	if (_failAfterCount > 0)
	{
		--_failAfterCount;
		return error(_failAfterStatus, "UNAVAILABLE", "The service is currently unavailable.");
	}
	return reply;
}


Reply FakeGoogleSheets::handle(const FakeHttpService::Request& request)
{
	const auto question = request.path.find('?');
	const std::string rawPath = request.path.substr(0, question);
	const Query query = parameters(question == std::string::npos ? "" : request.path.substr(question + 1));
	std::lock_guard<std::mutex> lock(_mutex);
	Reply reply;
	try
	{
		if (request.method == "GET" && rawPath == "/o/oauth2/v2/auth") reply = authorize(query);
		else if (request.method == "POST" && rawPath == "/token") reply = token(parameters(request.body));
		else reply = api(request, rawPath, query);
	}
	catch (const std::exception& e)
	{
		// A defect of the fake: say so, instead of dropping the connection.
		reply = error(500, "INTERNAL", std::string("the fake failed: ") + e.what());
	}
	reply.delay = _latency;
	return reply;
}


Reply FakeGoogleSheets::authorize(const Query& query)
{
	// The user approves at once: the browser goes back to the redirect URI with a code.
	_lastAuthorize = json::Value::object();
	for (const auto& [name, v]: query) _lastAuthorize.set(name, v);
	if (value(query, "client_id") != _clientId) return error(401, "UNAUTHENTICATED", "Error 401: invalid_client. The OAuth client was not found.");
	if (value(query, "redirect_uri").empty()) return error(400, "INVALID_ARGUMENT", "Error 400: invalid_request. Missing required parameter: redirect_uri");
	if (value(query, "response_type") != "code") return error(400, "INVALID_ARGUMENT", "Error 400: invalid_request. response_type must be code");
	const std::string code = "4/0A" + std::to_string(++_next) + "-code";
	_codes[code] = {value(query, "redirect_uri"), value(query, "code_challenge"), value(query, "scope")};
	std::string state;
	Poco::URI::encode(value(query, "state"), "&=+?#", state);
	std::string scope;
	Poco::URI::encode(value(query, "scope"), "&=+?#/:", scope);
	Reply r;
	r.status = 302;
	const std::string back = value(query, "redirect_uri");
	r.headers["Location"] = back + (back.find('?') == std::string::npos ? "?" : "&") + "state=" + state + "&code=" + code + "&scope=" + scope;
	r.contentType = "text/html";
	return r;
}


Reply FakeGoogleSheets::token(const Query& form)
{
	const auto refused = [](int status, const std::string& error, const std::string& description) {
		json::Value body = json::Value::object();
		body.set("error", error);
		body.set("error_description", description);
		return answered(status, body);
	};
	if (value(form, "client_id") != _clientId || value(form, "client_secret") != _clientSecret)
		return refused(401, "invalid_client", "Unauthorized");
	const std::string grant = value(form, "grant_type");
	std::string scope = "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.metadata.readonly";
	if (grant == "authorization_code")
	{
		auto it = _codes.find(value(form, "code"));
		if (it == _codes.end()) return refused(400, "invalid_grant", "Bad Request");
		const Grant g = it->second;
		_codes.erase(it); // a code is good once
		if (g.redirectUri != value(form, "redirect_uri")) return refused(400, "redirect_uri_mismatch", "Bad Request");
		if (!g.challenge.empty() && s256(value(form, "code_verifier")) != g.challenge) return refused(400, "invalid_grant", "Invalid code verifier.");
		scope = g.scope;
	}
	else if (grant == "refresh_token")
	{
		if (!_refreshTokens.count(value(form, "refresh_token"))) return refused(400, "invalid_grant", "Token has been expired or revoked.");
		++_refreshes;
	}
	else return refused(400, "unsupported_grant_type", "Invalid grant_type: " + grant);
	const std::string access = "ya29.a0-access-" + std::to_string(++_next);
	_accessTokens[access] = std::chrono::steady_clock::now() + _lifetime;
	_issued.insert(access);
	json::Value body = json::Value::object();
	body.set("access_token", access);
	body.set("expires_in", static_cast<long long>(_lifetime.count()));
	// Google gives a refresh token for a code only; a refresh answer leaves the old one in use.
	if (grant == "authorization_code")
	{
		const std::string refresh = "1//0g-refresh-" + std::to_string(++_next);
		_refreshTokens.insert(refresh);
		_issued.insert(refresh);
		body.set("refresh_token", refresh);
	}
	body.set("scope", scope);
	body.set("token_type", "Bearer");
	return answered(200, body);
}


std::optional<Reply> FakeGoogleSheets::unauthorized(const FakeHttpService::Request& request)
{
	auto header = request.headers.find("Authorization");
	const std::string v = header == request.headers.end() ? std::string() : header->second;
	const std::string token = v.rfind("Bearer ", 0) == 0 ? v.substr(7) : std::string();
	auto it = _accessTokens.find(token);
	if (it == _accessTokens.end() || std::chrono::steady_clock::now() >= it->second)
	{
		Reply r = error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
			"other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.");
		r.headers["WWW-Authenticate"] = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
		return r;
	}
	return std::nullopt;
}


std::optional<Reply> FakeGoogleSheets::limited()
{
	const auto at = std::chrono::steady_clock::now();
	while (!_window.empty() && at - _window.front() >= _quotaWindow) _window.pop_front();
	const auto exhausted = [this]() {
		++_refused;
		return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of "
			"service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.");
	};
	if (_refuseCount > 0)
	{
		--_refuseCount;
		if (_refuseStatus == 429) return exhausted();
		if (_refuseStatus == 403)
		{
			++_refused;
			json::Value reason = json::Value::object();
			reason.set("domain", "usageLimits");
			reason.set("reason", "rateLimitExceeded");
			reason.set("message", "Rate Limit Exceeded");
			json::Value errors = json::Value::array();
			errors.push(reason);
			json::Value e = json::Value::object();
			e.set("code", 403);
			e.set("message", "Rate Limit Exceeded");
			e.set("errors", errors);
			json::Value body = json::Value::object();
			body.set("error", e);
			return answered(403, body);
		}
		return error(_refuseStatus, _refuseStatus == 503 ? "UNAVAILABLE" : "INTERNAL",
			"The service is currently unavailable (the request was not carried out).");
	}
	if (_quota && static_cast<int>(_window.size()) >= _quota) return exhausted();
	_window.push_back(at);
	return std::nullopt;
}


Reply FakeGoogleSheets::api(const FakeHttpService::Request& request, const std::string& rawPath, const Query& query)
{
	++_calls;
	_largest = std::max(_largest, request.body.size());
	if (auto refused = unauthorized(request)) return *refused;
	if (auto refused = limited()) return *refused;
	if (static_cast<long long>(request.body.size()) > REQUEST_LIMIT)
		return error(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: 10485760 bytes.");
	if (rawPath.rfind("/drive/v3/", 0) == 0) return drive(rawPath, query);
	if (rawPath.rfind("/v4/spreadsheets/", 0) == 0) return sheets(request, rawPath, query);
	return error(404, "NOT_FOUND", "The requested URL " + rawPath + " was not found on this server.");
}


Reply FakeGoogleSheets::drive(const std::string& path, const Query& query)
{
	if (path == "/drive/v3/about")
	{
		json::Value user = json::Value::object();
		user.set("kind", "drive#user");
		user.set("displayName", "Sheet Owner");
		user.set("emailAddress", "owner@example.com");
		user.set("permissionId", "07923861934727219845");
		user.set("me", true);
		json::Value body = json::Value::object();
		body.set("user", user);
		return answered(200, body);
	}
	if (path != "/drive/v3/files") return error(404, "NOT_FOUND", "File not found: " + path);
	const std::string q = value(query, "q");
	const long long asked = value(query, "pageSize").empty() ? 100 : std::stoll(value(query, "pageSize"));
	if (asked < 1 || asked > 1000) return error(400, "INVALID_ARGUMENT", "Invalid value '" + value(query, "pageSize") +
		"'. Values must be within the range: [1, 1000]");
	// "Partial or empty result pages are possible even before the end of the files list has been reached."
	const long long pageSize = std::min(asked, _drivePage);
	const std::string token = value(query, "pageToken");
	long long offset = 0;
	if (!token.empty())
	{
		if (token.rfind("page-", 0) != 0) return error(400, "INVALID_ARGUMENT", "Invalid Value");
		offset = std::stoll(token.substr(5));
	}
	// Every file of the fake is a spreadsheet: a query for another type finds none.
	const bool spreadsheets = q.find("mimeType='application/vnd.google-apps.spreadsheet'") != std::string::npos || q.empty();
	std::vector<const Spreadsheet*> files;
	if (spreadsheets)
		for (const auto& s: _spreadsheets) files.push_back(&s);
	json::Value list = json::Value::array();
	for (long long i = offset; i < static_cast<long long>(files.size()) && i < offset + pageSize; ++i)
	{
		json::Value f = json::Value::object();
		f.set("kind", "drive#file");
		f.set("id", files[static_cast<std::size_t>(i)]->id);
		f.set("name", files[static_cast<std::size_t>(i)]->title);
		f.set("mimeType", "application/vnd.google-apps.spreadsheet");
		list.push(f);
	}
	json::Value body = json::Value::object();
	body.set("kind", "drive#fileList");
	body.set("incompleteSearch", false);
	body.set("files", list);
	if (offset + pageSize < static_cast<long long>(files.size())) body.set("nextPageToken", "page-" + std::to_string(offset + pageSize));
	return answered(200, body);
}


json::Value FakeGoogleSheets::sheetJson(const SheetData& sheet, std::size_t index) const
{
	json::Value grid = json::Value::object();
	grid.set("rowCount", sheet.rowCount);
	grid.set("columnCount", sheet.columnCount);
	json::Value properties = json::Value::object();
	properties.set("sheetId", sheet.sheetId);
	properties.set("title", sheet.title);
	properties.set("index", static_cast<long long>(index));
	properties.set("sheetType", "GRID");
	properties.set("gridProperties", grid);
	json::Value out = json::Value::object();
	out.set("properties", properties);
	return out;
}


std::string FakeGoogleSheets::a1Of(const Range& range)
{
	return quoted(range.sheet->title) + "!" + letters(range.c1) + std::to_string(range.r1 + 1) + ":" + letters(range.c2) + std::to_string(range.r2 + 1);
}


std::variant<FakeGoogleSheets::Range, Reply> FakeGoogleSheets::rangeOf(Spreadsheet& s, const std::string& a1)
{
	std::string title, cells;
	if (!a1.empty() && a1[0] == '\'')
	{
		std::size_t pos = 1;
		for (; pos < a1.size(); ++pos)
		{
			if (a1[pos] == '\'' && pos + 1 < a1.size() && a1[pos + 1] == '\'') { title += '\''; ++pos; continue; }
			if (a1[pos] == '\'') break;
			title += a1[pos];
		}
		if (pos >= a1.size()) return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + a1);
		cells = pos + 1 < a1.size() && a1[pos + 1] == '!' ? a1.substr(pos + 2) : std::string();
	}
	else
	{
		const auto bang = a1.find('!');
		title = a1.substr(0, bang);
		cells = bang == std::string::npos ? std::string() : a1.substr(bang + 1);
	}
	Range range;
	for (auto& sheet: s.sheets)
		if (sheet.title == title) range.sheet = &sheet;
	if (!range.sheet) return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + a1);
	range.r1 = 0;
	range.c1 = 0;
	range.r2 = range.sheet->rowCount - 1;
	range.c2 = range.sheet->columnCount - 1;
	if (!cells.empty())
	{
		std::size_t pos = 0;
		long long c1, r1, c2, r2;
		if (!cellAt(cells, pos, c1, r1)) return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + a1);
		c2 = c1;
		r2 = r1;
		if (pos < cells.size() && cells[pos] == ':')
		{
			++pos;
			if (!cellAt(cells, pos, c2, r2)) return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + a1);
		}
		if (pos != cells.size()) return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + a1);
		if (c1 >= 0) range.c1 = c1;
		if (r1 >= 0) range.r1 = r1;
		if (c2 >= 0) range.c2 = c2;
		if (r2 >= 0) range.r2 = r2;
	}
	if (range.r2 >= range.sheet->rowCount || range.c2 >= range.sheet->columnCount || range.r1 > range.r2 || range.c1 > range.c2)
		return error(400, "INVALID_ARGUMENT", "Range (" + a1 + ") exceeds grid limits. Max rows: " + std::to_string(range.sheet->rowCount) +
			", max columns: " + std::to_string(range.sheet->columnCount));
	return range;
}


json::Value FakeGoogleSheets::blockOf(const Range& range, bool unformatted) const
{
	json::Value rows = json::Value::array();
	std::size_t used = 0;
	for (long long r = range.r1; r <= range.r2; ++r)
	{
		json::Value row = json::Value::array();
		std::size_t width = 0;
		const Row* stored = r < static_cast<long long>(range.sheet->rows.size()) ? &range.sheet->rows[static_cast<std::size_t>(r)] : nullptr;
		for (long long c = range.c1; c <= range.c2; ++c)
		{
			const json::Value cell = stored && c < static_cast<long long>(stored->size()) ? (*stored)[static_cast<std::size_t>(c)] : json::Value();
			row.push(emptyCell(cell) ? json::Value("") : unformatted ? cell : json::Value(formatted(cell)));
			if (!emptyCell(cell)) width = row.size();
		}
		// Trailing empty cells are left out of a row, and trailing empty rows out of the answer.
		json::Value trimmed = json::Value::array();
		for (std::size_t i = 0; i < width; ++i) trimmed.push(row[i]);
		rows.push(trimmed);
		if (width > 0) used = rows.size();
	}
	json::Value out = json::Value::object();
	out.set("range", a1Of(range));
	out.set("majorDimension", "ROWS");
	if (used > 0)
	{
		json::Value values = json::Value::array();
		for (std::size_t i = 0; i < used; ++i) values.push(rows[i]);
		out.set("values", values);
	}
	return out;
}


std::optional<Reply> FakeGoogleSheets::invalidInput(const json::Value& rows)
{
	if (!rows.isArray()) return error(400, "INVALID_ARGUMENT", "Invalid values: expected a list of rows");
	for (const auto& row: rows.items())
	{
		if (!row.isArray()) return error(400, "INVALID_ARGUMENT", "Invalid values: expected a list of values in each row");
		for (const auto& cell: row.items())
		{
			if (cell.isArray() || cell.isObject()) return error(400, "INVALID_ARGUMENT", "Invalid values[0][0]: list_value or struct_value");
			if (cell.isString() && cell.asString().size() > CELL_LIMIT)
				return error(400, "INVALID_ARGUMENT", "Your input contains more than the maximum of 50000 characters in a single cell.");
		}
	}
	return std::nullopt;
}


Reply FakeGoogleSheets::getValues(Spreadsheet& s, const std::string& a1, const Query& query)
{
	auto range = rangeOf(s, a1);
	if (auto* refused = std::get_if<Reply>(&range)) return *refused;
	return answered(200, blockOf(std::get<Range>(range), value(query, "valueRenderOption") == "UNFORMATTED_VALUE"));
}


Reply FakeGoogleSheets::writeValues(Spreadsheet& s, const std::vector<std::pair<std::string, json::Value>>& data)
{
	// Every range is checked before any is written: a refused request writes nothing.
	std::vector<Range> ranges;
	for (const auto& [a1, rows]: data)
	{
		auto range = rangeOf(s, a1);
		if (auto* refused = std::get_if<Reply>(&range)) return *refused;
		if (auto refused = invalidInput(rows)) return *refused;
		Range r = std::get<Range>(range);
		const long long height = static_cast<long long>(rows.size());
		long long width = 0;
		for (const auto& row: rows.items()) width = std::max<long long>(width, static_cast<long long>(row.size()));
		if (r.r1 + height - 1 > r.r2 || r.c1 + width - 1 > r.c2)
			return error(400, "INVALID_ARGUMENT", "Requested writing within range [" + a1 + "], but tried writing to row [" +
				std::to_string(r.r1 + height) + "]");
		ranges.push_back(r);
	}
	json::Value responses = json::Value::array();
	long long cells = 0, rowsWritten = 0;
	for (std::size_t i = 0; i < data.size(); ++i)
	{
		const Range& r = ranges[i];
		const json::Value& rows = data[i].second;
		long long width = 0;
		for (std::size_t y = 0; y < rows.size(); ++y)
		{
			const std::size_t at = static_cast<std::size_t>(r.r1) + y;
			if (r.sheet->rows.size() <= at) r.sheet->rows.resize(at + 1);
			Row& row = r.sheet->rows[at];
			for (std::size_t x = 0; x < rows[y].size(); ++x)
			{
				const json::Value& cell = rows[y][x];
				if (cell.isNull()) continue; // null leaves the cell as it is
				const std::size_t column = static_cast<std::size_t>(r.c1) + x;
				if (row.size() <= column) row.resize(column + 1);
				row[column] = cell.isString() && cell.asString().empty() ? json::Value() : cell;
				++cells;
			}
			width = std::max<long long>(width, static_cast<long long>(rows[y].size()));
		}
		rowsWritten += static_cast<long long>(rows.size());
		json::Value response = json::Value::object();
		response.set("spreadsheetId", s.id);
		Range written = r;
		written.r2 = r.r1 + std::max<long long>(1, static_cast<long long>(rows.size())) - 1;
		written.c2 = r.c1 + std::max<long long>(1, width) - 1;
		response.set("updatedRange", a1Of(written));
		response.set("updatedRows", static_cast<long long>(rows.size()));
		response.set("updatedColumns", width);
		response.set("updatedCells", static_cast<long long>(rows.size()) * width);
		responses.push(response);
	}
	json::Value body = json::Value::object();
	body.set("spreadsheetId", s.id);
	body.set("totalUpdatedRows", rowsWritten);
	body.set("totalUpdatedCells", cells);
	body.set("totalUpdatedSheets", static_cast<long long>(data.empty() ? 0 : 1));
	body.set("responses", responses);
	return answered(200, body);
}


Reply FakeGoogleSheets::appendValues(Spreadsheet& s, const std::string& a1, const json::Value& body)
{
	auto range = rangeOf(s, a1);
	if (auto* refused = std::get_if<Reply>(&range)) return *refused;
	const json::Value& rows = body["values"];
	if (auto refused = invalidInput(rows)) return *refused;
	Range table = std::get<Range>(range);
	SheetData& sheet = *table.sheet;
	// The table is the rows in use from the range's first one down; the new rows go under its last.
	long long last = -1;
	for (std::size_t r = 0; r < sheet.rows.size(); ++r)
		for (const auto& cell: sheet.rows[r])
			if (!emptyCell(cell)) last = static_cast<long long>(r);
	const long long first = std::max(last + 1, table.r1);
	long long width = 0;
	for (const auto& row: rows.items()) width = std::max<long long>(width, static_cast<long long>(row.size()));
	if (table.c1 + width > sheet.columnCount)
		return error(400, "INVALID_ARGUMENT", "Range (" + a1 + ") exceeds grid limits. Max rows: " + std::to_string(sheet.rowCount) +
			", max columns: " + std::to_string(sheet.columnCount));
	// INSERT_ROWS: the grid gets new rows for them.
	sheet.rowCount += static_cast<long long>(rows.size());
	if (sheet.rows.size() < static_cast<std::size_t>(first)) sheet.rows.resize(static_cast<std::size_t>(first));
	std::vector<Row> added;
	for (const auto& row: rows.items())
	{
		Row stored(static_cast<std::size_t>(table.c1));
		for (const auto& cell: row.items()) stored.push_back(cell.isString() && cell.asString().empty() ? json::Value() : cell);
		added.push_back(stored);
	}
	sheet.rows.insert(sheet.rows.begin() + static_cast<std::ptrdiff_t>(first), added.begin(), added.end());
	Range tableRange{&sheet, table.r1, std::max(table.r1, last), table.c1, table.c1 + std::max<long long>(width, 1) - 1};
	Range updated{&sheet, first, first + std::max<long long>(1, static_cast<long long>(rows.size())) - 1, table.c1, table.c1 + std::max<long long>(width, 1) - 1};
	json::Value updates = json::Value::object();
	updates.set("spreadsheetId", s.id);
	updates.set("updatedRange", a1Of(updated));
	updates.set("updatedRows", static_cast<long long>(rows.size()));
	updates.set("updatedColumns", width);
	updates.set("updatedCells", static_cast<long long>(rows.size()) * width);
	json::Value out = json::Value::object();
	out.set("spreadsheetId", s.id);
	out.set("tableRange", a1Of(tableRange));
	out.set("updates", updates);
	return answered(200, out);
}


Reply FakeGoogleSheets::clearValues(Spreadsheet& s, const std::vector<std::string>& a1s)
{
	std::vector<Range> ranges;
	for (const auto& a1: a1s)
	{
		auto range = rangeOf(s, a1);
		if (auto* refused = std::get_if<Reply>(&range)) return *refused;
		ranges.push_back(std::get<Range>(range));
	}
	json::Value cleared = json::Value::array();
	for (const Range& r: ranges)
	{
		for (long long y = r.r1; y <= r.r2 && y < static_cast<long long>(r.sheet->rows.size()); ++y)
		{
			Row& row = r.sheet->rows[static_cast<std::size_t>(y)];
			for (long long x = r.c1; x <= r.c2 && x < static_cast<long long>(row.size()); ++x) row[static_cast<std::size_t>(x)] = json::Value();
		}
		cleared.push(a1Of(r));
	}
	json::Value body = json::Value::object();
	body.set("spreadsheetId", s.id);
	if (a1s.size() == 1) body.set("clearedRange", cleared[0]);
	else body.set("clearedRanges", cleared);
	return answered(200, body);
}


Reply FakeGoogleSheets::batchUpdate(Spreadsheet& s, const json::Value& body)
{
	const json::Value& requests = body["requests"];
	if (!requests.isArray()) return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"requests\"");
	// Applied to a copy: a refused request changes nothing (the requests are atomic).
	Spreadsheet copy = s;
	json::Value replies = json::Value::array();
	for (std::size_t i = 0; i < requests.size(); ++i)
	{
		const json::Value& request = requests[i];
		const std::string at = "Invalid requests[" + std::to_string(i) + "]";
		auto sheetById = [&](long long id) -> SheetData* {
			for (auto& sheet: copy.sheets)
				if (sheet.sheetId == id) return &sheet;
			return nullptr;
		};
		json::Value reply = json::Value::object();
		if (request.has("addSheet"))
		{
			const json::Value& p = request["addSheet"]["properties"];
			const std::string title = p.getString("title", "Sheet" + std::to_string(copy.sheets.size() + 1));
			for (const auto& sheet: copy.sheets)
				if (sheet.title == title)
					return error(400, "INVALID_ARGUMENT", at + ".addSheet: A sheet with the name \"" + title + "\" already exists. Please enter another name.");
			SheetData sheet;
			sheet.sheetId = ++_next;
			sheet.title = title;
			sheet.rowCount = p["gridProperties"].getInt64("rowCount", 1000);
			sheet.columnCount = p["gridProperties"].getInt64("columnCount", 26);
			copy.sheets.push_back(sheet);
			json::Value added = json::Value::object();
			added.set("properties", sheetJson(sheet, copy.sheets.size() - 1)["properties"]);
			reply.set("addSheet", added);
		}
		else if (request.has("deleteDimension"))
		{
			const json::Value& range = request["deleteDimension"]["range"];
			SheetData* sheet = sheetById(range.getInt64("sheetId", -1));
			if (!sheet) return error(400, "INVALID_ARGUMENT", at + ".deleteDimension: No grid with id: " + std::to_string(range.getInt64("sheetId", -1)));
			if (range.getString("dimension") != "ROWS") return error(400, "INVALID_ARGUMENT", at + ".deleteDimension: the fake deletes ROWS only");
			const long long from = range.getInt64("startIndex", 0), to = range.getInt64("endIndex", 0);
			if (from < 0 || to <= from || to > sheet->rowCount) return error(400, "INVALID_ARGUMENT", at + ".deleteDimension: Invalid range");
			if (sheet->rowCount - (to - from) < 1) return error(400, "INVALID_ARGUMENT", at + ".deleteDimension: You can't delete all the rows on the sheet.");
			const auto size = static_cast<long long>(sheet->rows.size());
			if (from < size) sheet->rows.erase(sheet->rows.begin() + from, sheet->rows.begin() + std::min(to, size));
			sheet->rowCount -= to - from;
		}
		else if (request.has("appendDimension"))
		{
			const json::Value& append = request["appendDimension"];
			SheetData* sheet = sheetById(append.getInt64("sheetId", -1));
			if (!sheet) return error(400, "INVALID_ARGUMENT", at + ".appendDimension: No grid with id: " + std::to_string(append.getInt64("sheetId", -1)));
			const long long length = append.getInt64("length", 0);
			if (length < 1) return error(400, "INVALID_ARGUMENT", at + ".appendDimension: length must be positive");
			if (append.getString("dimension") == "COLUMNS") sheet->columnCount += length;
			else sheet->rowCount += length;
		}
		else return error(400, "INVALID_ARGUMENT", at + ": the fake supports addSheet, deleteDimension and appendDimension");
		replies.push(reply);
	}
	s = copy;
	json::Value out = json::Value::object();
	out.set("spreadsheetId", s.id);
	out.set("replies", replies);
	return answered(200, out);
}


Reply FakeGoogleSheets::sheets(const FakeHttpService::Request& request, const std::string& rawPath, const Query& query)
{
	const std::string rest = rawPath.substr(std::string("/v4/spreadsheets/").size());
	const auto cut = rest.find_first_of("/:");
	Spreadsheet* s = find(rest.substr(0, cut));
	if (!s) return error(404, "NOT_FOUND", "Requested entity was not found.");
	const std::string tail = cut == std::string::npos ? std::string() : rest.substr(cut);
	json::Value body;
	if (request.method == "POST" || request.method == "PUT")
	{
		try
		{
			body = json::Value::parse(request.body.empty() ? "{}" : request.body);
		}
		catch (const json::ParseError& e)
		{
			return error(400, "INVALID_ARGUMENT", std::string("Invalid JSON payload received. ") + e.what());
		}
	}
	if (request.method == "GET" && tail.empty())
	{
		json::Value properties = json::Value::object();
		properties.set("title", s->title);
		properties.set("locale", "en_US");
		properties.set("timeZone", "Etc/GMT");
		json::Value list = json::Value::array();
		for (std::size_t i = 0; i < s->sheets.size(); ++i) list.push(sheetJson(s->sheets[i], i));
		json::Value out = json::Value::object();
		out.set("spreadsheetId", s->id);
		out.set("properties", properties);
		out.set("sheets", list);
		out.set("spreadsheetUrl", "https://docs.google.com/spreadsheets/d/" + s->id + "/edit");
		return answered(200, out);
	}
	if (request.method == "POST" && tail == ":batchUpdate") return acted(batchUpdate(*s, body));
	if (request.method == "GET" && tail == "/values:batchGet")
	{
		json::Value ranges = json::Value::array();
		for (const auto& [k, v]: query)
		{
			if (k != "ranges") continue;
			Reply one = getValues(*s, v, query);
			if (one.status != 200) return one;
			ranges.push(json::Value::parse(one.body));
		}
		json::Value out = json::Value::object();
		out.set("spreadsheetId", s->id);
		out.set("valueRanges", ranges);
		return answered(200, out);
	}
	if (request.method == "POST" && tail == "/values:batchUpdate")
	{
		if (body.getString("valueInputOption").empty()) return error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
		std::vector<std::pair<std::string, json::Value>> data;
		if (body["data"].isArray())
			for (const auto& d: body["data"].items()) data.emplace_back(d.getString("range"), d["values"]);
		return acted(writeValues(*s, data));
	}
	if (request.method == "POST" && tail == "/values:batchClear")
	{
		std::vector<std::string> ranges;
		if (body["ranges"].isArray())
			for (const auto& r: body["ranges"].items()) ranges.push_back(r.asString());
		return acted(clearValues(*s, ranges));
	}
	if (tail.rfind("/values/", 0) != 0) return error(404, "NOT_FOUND", "Requested entity was not found.");
	std::string raw = tail.substr(8);
	std::string action;
	for (const char* suffix: {":append", ":clear"})
		if (raw.size() > std::strlen(suffix) && raw.compare(raw.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
		{
			action = suffix + 1;
			raw.erase(raw.size() - std::strlen(suffix));
		}
	const std::string a1 = decoded(raw);
	if (request.method == "GET" && action.empty()) return getValues(*s, a1, query);
	if (request.method == "PUT" && action.empty())
	{
		if (value(query, "valueInputOption").empty()) return error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
		Reply r = writeValues(*s, {{a1, body["values"]}});
		if (r.status == 200) r.body = json::Value::parse(r.body)["responses"][0].dump();
		return acted(r);
	}
	if (request.method == "POST" && action == "append")
	{
		if (value(query, "valueInputOption").empty()) return error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
		return acted(appendValues(*s, a1, body));
	}
	if (request.method == "POST" && action == "clear") return acted(clearValues(*s, {a1}));
	return error(404, "NOT_FOUND", "Requested entity was not found.");
}


} } // namespace polytomic::test
