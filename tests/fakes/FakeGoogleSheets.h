//
// FakeGoogleSheets.h
//
// Definition of the FakeGoogleSheets class.
//
// Google's OAuth 2.0, Sheets API v4 and Drive API v3 as the Google Sheets
// connector and the server's OAuth sign-in meet them, on a loopback port.
// Shapes from Google's documentation:
//  - OAuth, web-server flow: https://developers.google.com/identity/protocols/oauth2/web-server
//    (GET /o/oauth2/v2/auth with client_id, redirect_uri, response_type=code,
//    scope, state, access_type=offline, prompt, code_challenge(_method); the
//    browser comes back with state, code and scope; POST /token, form-encoded,
//    grant_type authorization_code (code, redirect_uri, code_verifier) or
//    refresh_token, with client_id and client_secret; answer {"access_token",
//    "expires_in": 3599, "refresh_token" (only for a code), "scope",
//    "token_type": "Bearer"}; refusals 400 {"error": "invalid_grant",
//    "error_description": "Token has been expired or revoked."}, 401
//    {"error": "invalid_client"}, 400 {"error": "redirect_uri_mismatch"}).
//  - Errors: https://cloud.google.com/apis/design/errors ({"error": {"code",
//    "message", "status"}}; 401 UNAUTHENTICATED, 404 NOT_FOUND, 400
//    INVALID_ARGUMENT, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE) and Drive's
//    https://developers.google.com/drive/api/guides/handle-errors (403 with
//    "errors": [{"domain": "usageLimits", "reason": "userRateLimitExceeded"}]).
//  - Sheets limits: https://developers.google.com/sheets/api/limits (per user per
//    minute quotas, 429 "Quota exceeded for quota metric ..."; a request of at most
//    10 MB: "Request payload size exceeds the limit: 10485760 bytes.") and
//    https://support.google.com/docs/answer/37603 (50,000 characters a cell).
//  - Sheets v4: https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/get
//    (spreadsheetId, properties.title, sheets[].properties{sheetId, title, index,
//    sheetType, gridProperties{rowCount, columnCount}}), .../spreadsheets/batchUpdate
//    (requests addSheet, deleteDimension, appendDimension; replies in order),
//    .../spreadsheets.values/get, batchGet, update, append, batchUpdate, clear,
//    batchClear (ValueRange {range, majorDimension, values}; trailing empty rows
//    and cells left out of an answer; null in input leaves a cell, "" clears it;
//    valueRenderOption UNFORMATTED_VALUE or FORMATTED_VALUE; A1 notation
//    https://developers.google.com/sheets/api/guides/concepts#cell).
//  - Drive v3: https://developers.google.com/drive/api/reference/rest/v3/files/list
//    (q, pageSize at most 1000, pageToken, {"files": [{"id", "name",
//    "mimeType"}], "nextPageToken"}) and .../about/get ({"user": {"permissionId", ...}}).
// Where the documentation leaves a detail open the fake decides, and says so:
// field masks (fields=) are ignored (whole resources are answered); a write
// past the grid is refused ("exceeds grid limits") as a read is; dates are
// plain text (RAW input), so FORMATTED_STRING gives them back as written.
//


#ifndef Polytomic_Test_FakeGoogleSheets_INCLUDED
#define Polytomic_Test_FakeGoogleSheets_INCLUDED


#include "fakes/FakeHttpService.h"
#include "polytomic/json.hpp"
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <variant>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class FakeGoogleSheets
	/// One Google user's Drive of spreadsheets, with the OAuth app (see the top of
	/// this file for the shapes and their sources). Tests inject latency, quota
	/// refusals (a per-user quota per window, or a number of 429 or 403 answers),
	/// 5xx answers (before or after a write is carried out), expired access
	/// tokens and revoked refresh tokens.
{
public:
	using Row = std::vector<json::Value>;

	FakeGoogleSheets(std::string clientId, std::string clientSecret);

	std::string url(const std::string& path = "") const;

	// --- OAuth ---------------------------------------------------------------
	void setTokenLifetime(std::chrono::seconds lifetime);
	void expireAccessTokens();            /// every access token given so far is refused (401 UNAUTHENTICATED)
	void revokeRefreshTokens();           /// every refresh token is refused (invalid_grant), and their access tokens
	std::string issueAccessToken();       /// a valid token without the sign-in (for the harness)
	int refreshes() const;                /// refresh_token grants answered with a token
	json::Value lastAuthorize() const;    /// the query of the last GET /o/oauth2/v2/auth
	std::set<std::string> issuedSecrets() const;

	// --- data -----------------------------------------------------------------
	std::string addSpreadsheet(const std::string& title);
		/// A new spreadsheet in the user's Drive, without sheets; its id.
	void addSheet(const std::string& spreadsheetId, const std::string& title, const std::vector<Row>& rows, long long rowCount = 1000,
		long long columnCount = 26);
	std::vector<Row> values(const std::string& spreadsheetId, const std::string& title) const;
		/// The sheet's rows as stored (null for an empty cell), trailing empty rows and cells left out.
	std::vector<std::vector<std::string>> text(const std::string& spreadsheetId, const std::string& title) const;
		/// The same as text ("" for empty), empty rows included up to the last one used.
	bool hasSheet(const std::string& spreadsheetId, const std::string& title) const;

	// --- trouble ------------------------------------------------------------
	void setLatency(std::chrono::milliseconds latency);
	void setUserQuota(int requests, std::chrono::milliseconds window);  /// past it, 429 RESOURCE_EXHAUSTED
	void setDrivePageLimit(long long files);        /// files.list answers at most this many a page, whatever pageSize asks (Drive may)
	void refuseNext(int count, int status);         /// the next count API calls answer 429, 403 rateLimitExceeded or a 5xx without acting
	void failAfterActing(int count, int status);     /// the next count writes are carried out, then answered status (502, 504)
	int refused() const;                             /// calls answered 429 or 403 for a quota
	std::size_t apiCalls() const;
	std::size_t largestRequest() const;              /// bytes of the largest request body
	std::vector<std::string> requestsTo(const std::string& pathPrefix) const; /// the method, path and query of each request so far
	std::size_t writeRequests() const;               /// write calls carried out

	static const long long REQUEST_LIMIT = 10485760;
	static const std::size_t CELL_LIMIT = 50000;

private:
	struct SheetData
	{
		long long sheetId = 0;
		std::string title;
		long long rowCount = 1000;
		long long columnCount = 26;
		std::vector<Row> rows;
	};
	struct Spreadsheet
	{
		std::string id;
		std::string title;
		std::vector<SheetData> sheets;
	};
	struct Range
	{
		SheetData* sheet = nullptr;
		long long r1 = 0, r2 = 0;   /// 0-based, inclusive
		long long c1 = 0, c2 = 0;
	};
	using Query = std::vector<std::pair<std::string, std::string>>;

	FakeHttpService::Reply handle(const FakeHttpService::Request& request);
	FakeHttpService::Reply authorize(const Query& query);
	FakeHttpService::Reply token(const Query& form);
	FakeHttpService::Reply api(const FakeHttpService::Request& request, const std::string& rawPath, const Query& query);
	FakeHttpService::Reply drive(const std::string& path, const Query& query);
	FakeHttpService::Reply sheets(const FakeHttpService::Request& request, const std::string& rawPath, const Query& query);
	FakeHttpService::Reply batchUpdate(Spreadsheet& s, const json::Value& body);
	FakeHttpService::Reply getValues(Spreadsheet& s, const std::string& a1, const Query& query);
	FakeHttpService::Reply writeValues(Spreadsheet& s, const std::vector<std::pair<std::string, json::Value>>& data);
	FakeHttpService::Reply appendValues(Spreadsheet& s, const std::string& a1, const json::Value& body);
	FakeHttpService::Reply clearValues(Spreadsheet& s, const std::vector<std::string>& ranges);
	std::optional<FakeHttpService::Reply> unauthorized(const FakeHttpService::Request& request);
	std::optional<FakeHttpService::Reply> limited();
	std::optional<FakeHttpService::Reply> invalidInput(const json::Value& rows);
	std::variant<Range, FakeHttpService::Reply> rangeOf(Spreadsheet& s, const std::string& a1);
	json::Value blockOf(const Range& range, bool unformatted) const;
	json::Value sheetJson(const SheetData& sheet, std::size_t index) const;
	static std::string a1Of(const Range& range);
	Spreadsheet* find(const std::string& id);
	FakeHttpService::Reply error(int status, const std::string& kind, const std::string& message);
	FakeHttpService::Reply acted(FakeHttpService::Reply reply);

	mutable std::mutex _mutex;
	std::string _clientId, _clientSecret;
	std::chrono::seconds _lifetime{3599};
	struct Grant
	{
		std::string redirectUri;
		std::string challenge;
		std::string scope;
	};
	std::map<std::string, Grant> _codes;
	std::map<std::string, std::chrono::steady_clock::time_point> _accessTokens; /// token -> expiry
	std::set<std::string> _refreshTokens;
	std::set<std::string> _issued;
	int _refreshes = 0;
	json::Value _lastAuthorize;
	std::vector<Spreadsheet> _spreadsheets;
	long long _next = 1000;
	std::chrono::milliseconds _latency{0};
	int _quota = 0;
	long long _drivePage = 1000;
	std::chrono::milliseconds _quotaWindow{60000};
	std::deque<std::chrono::steady_clock::time_point> _window;
	int _refuseCount = 0, _refuseStatus = 0, _failAfterCount = 0, _failAfterStatus = 0, _refused = 0;
	std::size_t _calls = 0, _largest = 0, _writes = 0;
	std::unique_ptr<FakeHttpService> _service;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeGoogleSheets_INCLUDED
