//
// FakeHubSpot.h
//
// Definition of the FakeHubSpot class.
//
// HubSpot as the HubSpot connector and the server's OAuth sign-in meet it, on a
// loopback port. Shapes from HubSpot's documentation:
//  - OAuth: https://developers.hubspot.com/docs/api/oauth-quickstart-guide and
//    https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/guide
//    (GET /oauth/authorize with client_id, redirect_uri, scope, optional_scope,
//    state and PKCE's code_challenge; the browser comes back with code and state;
//    POST /oauth/v1/token, form-encoded, grant_type authorization_code or
//    refresh_token, with client_id, client_secret, redirect_uri, code or
//    refresh_token and code_verifier; answer {"token_type": "bearer",
//    "refresh_token", "access_token", "expires_in"}; a refused code or refresh
//    token answers 400 {"status": "BAD_AUTH_CODE" | "BAD_REFRESH_TOKEN" |
//    "BAD_CLIENT_ID" | "BAD_REDIRECT_URI", "message", "correlationId"}).
//  - Errors: https://developers.hubspot.com/docs/api-reference/error-handling
//    ({"status": "error", "message", "correlationId", "category"}; 401
//    INVALID_AUTHENTICATION / EXPIRED_AUTHENTICATION; 207 multi-status for batches).
//  - CRM v3 objects: https://developers.hubspot.com/docs/api/crm/understanding-the-crm
//    (GET /crm/v3/objects/<type>?limit&after&properties with paging.next.after;
//    POST .../batch/{create,read,update,upsert,archive}, at most 100 inputs, each
//    with objectWriteTraceId echoed; upsert by idProperty; results with "new";
//    a missing record of an update or read is an OBJECT_NOT_FOUND error with
//    context.ids; archive answers 204); search:
//    https://developers.hubspot.com/docs/api/crm/search (filterGroups, sorts,
//    limit at most 200, after; no result past the 10,000th: 400).
//  - Properties and schemas: GET /crm/v3/properties/<type> (name, label, type,
//    fieldType, hasUniqueValue, calculated, modificationMetadata), GET /crm/v3/schemas.
//  - Account: GET /account-info/v3/details (portalId, timeZone, ...).
//  - Rate limits: https://developers.hubspot.com/docs/api/usage-details (per
//    portal, a burst per 10 s and a daily quota; 429 {"status": "error",
//    "message", "errorType": "RATE_LIMIT", "correlationId", "policyName":
//    "TEN_SECONDLY_ROLLING" | "DAILY"} with X-HubSpot-RateLimit-Max, -Remaining,
//    -Interval-Milliseconds, -Daily, -Daily-Remaining).
// Where HubSpot's documentation leaves a detail open, the fake says so where it
// decides: a batch create, update or upsert with an invalid input is refused
// whole (400 VALIDATION_ERROR), as HubSpot does for create; a create of a unique
// value that exists is 409 CONFLICT ("... already exists. Existing ID: <id>").
//


#ifndef Polytomic_Test_FakeHubSpot_INCLUDED
#define Polytomic_Test_FakeHubSpot_INCLUDED


#include "fakes/FakeHttpService.h"
#include <optional>
#include "polytomic/json.hpp"
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>


namespace polytomic {
namespace test {


class FakeHubSpot
	/// A HubSpot portal with its OAuth app (see the top of this file for the
	/// shapes and their sources). Tests inject latency, 429s (the burst limit or
	/// a number of them), 5xx answers (before or after a write is carried out),
	/// expired access tokens and revoked refresh tokens.
{
public:
	struct Record
	{
		std::string id;
		std::map<std::string, std::string> properties;
		long long createdAt = 0;   /// ms
		long long updatedAt = 0;   /// ms
	};

	FakeHubSpot(std::string clientId, std::string clientSecret);

	std::string url(const std::string& path = "") const;

	// --- OAuth ---------------------------------------------------------------
	void setTokenLifetime(std::chrono::seconds lifetime);
	void expireAccessTokens();            /// every access token given so far is refused (EXPIRED_AUTHENTICATION)
	void revokeRefreshTokens();           /// every refresh token given so far is refused (BAD_REFRESH_TOKEN), and their access tokens
	std::string issueAccessToken();       /// a valid token without the sign-in (for the harness)
	int refreshes() const;                /// refresh_token grants answered with a token
	json::Value lastAuthorize() const;    /// the query of the last GET /oauth/authorize
	std::set<std::string> issuedSecrets() const; /// every access and refresh token given out

	// --- data -----------------------------------------------------------------
	std::string add(const std::string& objectType, const std::map<std::string, std::string>& properties, long long modifiedAtMs = 0);
	std::vector<Record> records(const std::string& objectType) const;
	std::size_t writesOf(const std::string& objectType, const std::string& id) const;
		/// How many batch calls carried out a write of that record (creating, updating, archiving it).

	// --- trouble ------------------------------------------------------------
	void setLatency(std::chrono::milliseconds latency);
	void setBurstLimit(int requestsPerTenSeconds, bool sendRetryAfter = true);
	void setDailyLimit(long long requests);
	void refuseNext(int count, int status);         /// the next count API calls answer status (429 or 5xx) without acting
	void failAfterActing(int count, int status);     /// the next count writes are carried out, then answered status (502, 504)
	int refused() const;                             /// calls answered 429 for the rate limit
	std::size_t apiCalls() const;

	static const int PORTAL_ID = 4242424;

private:
	FakeHttpService::Reply handle(const FakeHttpService::Request& request);
	FakeHttpService::Reply authorize(const std::map<std::string, std::string>& query);
	FakeHttpService::Reply token(const std::map<std::string, std::string>& form);
	FakeHttpService::Reply api(const FakeHttpService::Request& request, const std::string& path, const std::map<std::string, std::string>& query);
	FakeHttpService::Reply list(const std::string& type, const std::map<std::string, std::string>& query);
	FakeHttpService::Reply search(const std::string& type, const json::Value& body);
	FakeHttpService::Reply batch(const std::string& type, const std::string& operation, const json::Value& body);
	FakeHttpService::Reply properties(const std::string& type) const;
	std::optional<FakeHttpService::Reply> rateLimited();
	std::optional<FakeHttpService::Reply> unauthorized(const FakeHttpService::Request& request);
	json::Value recordJson(const std::string& type, const Record& r, const std::set<std::string>& properties) const;
	std::string findBy(const std::string& type, const std::string& property, const std::string& value) const;
	std::optional<std::string> invalid(const std::string& type, const json::Value& properties) const;
	void write(const std::string& type, Record& r, const json::Value& properties);
	void setProperty(const std::string& type, Record& r, const std::string& name, const std::string& value);
		/// An empty value clears the property; the index follows.
	void forget(const std::string& type, const std::string& id);
	long long now() const;
	std::string correlation();
	FakeHttpService::Reply error(int status, const std::string& category, const std::string& message);

	mutable std::mutex _mutex;
	std::string _clientId, _clientSecret;
	std::chrono::seconds _lifetime{1800};
	struct Grant
	{
		std::string redirectUri;
		std::string challenge;
	};
	std::map<std::string, Grant> _codes;
	std::map<std::string, std::chrono::steady_clock::time_point> _accessTokens; /// token -> expiry
	std::set<std::string> _refreshTokens;
	std::set<std::string> _issued;
	int _refreshes = 0;
	json::Value _lastAuthorize;
	std::map<std::string, std::map<std::string, Record>> _objects; /// type -> id -> record
	std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> _index; /// type -> property -> value -> id, so that a batch of 100 finds its records at once however many there are
	std::map<std::string, std::map<std::string, std::size_t>> _writes;
	long long _nextId = 100;
	long long _clock = 0;
	std::chrono::milliseconds _latency{0};
	int _burst = 0;
	bool _retryAfter = true;
	long long _daily = 0, _dailyUsed = 0;
	std::deque<std::chrono::steady_clock::time_point> _window;
	int _refuseCount = 0, _refuseStatus = 0, _failAfterCount = 0, _failAfterStatus = 0, _refused = 0;
	std::size_t _calls = 0;
	long long _correlation = 0;
	std::unique_ptr<FakeHttpService> _service;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeHubSpot_INCLUDED
