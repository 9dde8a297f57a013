//
// FakeSalesforce.h
//
// Definition of the FakeSalesforce class.
//
// A Salesforce org as the Salesforce connector and the server's OAuth sign-in
// meet it, on a loopback port. Shapes from Salesforce's documentation:
//  - OAuth web-server flow:
//    https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
//    (GET /services/oauth2/authorize with response_type=code, client_id,
//    redirect_uri, scope, state, PKCE's code_challenge; POST
//    /services/oauth2/token, form-encoded, grant_type authorization_code with
//    code, redirect_uri, client_id, client_secret, code_verifier; the answer
//    {"access_token", "refresh_token", "signature", "scope", "instance_url",
//    "id", "token_type": "Bearer", "issued_at"}, with no expires_in).
//  - Refresh: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
//    (grant_type refresh_token; the answer has no refresh_token; a revoked one
//    is 400 {"error": "invalid_grant", "error_description": "expired access/refresh token"}).
//  - Client credentials: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
//    (grant_type client_credentials at the org's My Domain; no refresh token;
//    400 {"error": "invalid_client", "error_description": "invalid client credentials"}).
//  - REST: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm,
//    .../resources_sobject_describe.htm, .../resources_query.htm and
//    .../dome_query.htm (totalSize, done, nextRecordsUrl, records with
//    attributes); errors .../errorcodes.htm ([{"message", "errorCode"}]; 401
//    INVALID_SESSION_ID; 403 REQUEST_LIMIT_EXCEEDED; 400 MALFORMED_QUERY, INVALID_FIELD).
//  - API usage: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
//    (Sforce-Limit-Info: api-usage=N/M on every answer).
//  - Bulk API 2.0 ingest: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/walkthrough_upload_data.htm,
//    .../create_job.htm, .../upload_job_data.htm (PUT .../batches, 201),
//    .../close_job.htm (PATCH {"state": "UploadComplete"}), .../get_job_info.htm
//    (Open -> UploadComplete -> InProgress -> JobComplete | Failed | Aborted),
//    .../get_job_successful_results.htm (sf__Id, sf__Created, the fields),
//    .../get_job_failed_results.htm (sf__Id, sf__Error, the fields),
//    .../get_job_unprocessed_results.htm (the fields), CSV with an empty cell
//    leaving a value and #N/A clearing it (.../datafiles_prepare_csv.htm).
//  - Bulk API 2.0 query: .../queries.htm, .../query_create_job.htm,
//    .../query_get_job_results.htm (maxRecords, locator; Sforce-Locator "null"
//    on the last page, Sforce-NumberOfRecords).
// Where the documentation leaves a detail open, the fake decides and says so:
// sf__Error is "<CODE>:<message>:<fields> --"; a job's records are all applied
// when its processing time (records / throughput) has passed; a locator is the
// offset of the next page.
//


#ifndef Polytomic_Test_FakeSalesforce_INCLUDED
#define Polytomic_Test_FakeSalesforce_INCLUDED


#include "fakes/FakeHttpService.h"
#include "polytomic/json.hpp"
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class FakeSalesforce
	/// A Salesforce org (Account and Contact) with its connected app. Tests
	/// inject latency, 5xx answers, expired access tokens, revoked refresh
	/// tokens and client credentials, the org's daily API limit, and the rate
	/// at which Bulk API jobs process records.
{
public:
	struct Record
	{
		std::string id;
		std::map<std::string, std::string> fields;  /// a field left out is null
		long long modifiedAt = 0;                   /// SystemModstamp, ms
	};

	FakeSalesforce(std::string clientId, std::string clientSecret);
	~FakeSalesforce();

	std::string url(const std::string& path = "") const;

	// --- OAuth ---------------------------------------------------------------
	void setTokenLifetime(std::chrono::seconds lifetime);  /// the org's session timeout
	void expireAccessTokens();
	void revokeRefreshTokens();          /// every refresh token is refused (invalid_grant), and every access token
	void refuseClientCredentials();      /// the client credentials grant is refused (invalid_client), and its access tokens
	std::string issueAccessToken();      /// a valid token without a sign-in (for the harness)
	int refreshes() const;               /// refresh_token grants answered with a token
	int credentialGrants() const;        /// client_credentials grants answered with a token
	json::Value lastAuthorize() const;   /// the query of the last GET /services/oauth2/authorize

	// --- data -----------------------------------------------------------------
	std::string add(const std::string& object, const std::map<std::string, std::string>& fields, long long modifiedAtMs = 0);
	void change(const std::string& object, const std::string& id, const std::map<std::string, std::string>& fields);
		/// Sets fields of a record as a user in Salesforce would (its SystemModstamp moves on).
	std::vector<Record> records(const std::string& object) const;
	std::vector<std::string> queries() const;  /// every SOQL query received (REST and Bulk API), oldest first
	std::size_t writesOf(const std::string& object, const std::string& id) const;
		/// How many jobs wrote that record (inserting, updating or deleting it).

	// --- limits and trouble ---------------------------------------------------
	void setLatency(std::chrono::milliseconds latency);
	void setApiLimit(long long limit, long long used = 0);  /// the org's daily API requests
	long long apiUsed() const;
	void refuseNext(int count, int status);                 /// the next count API calls answer status without acting
	void setThroughput(double recordsPerSecond);             /// how fast Bulk API jobs process records
	void failJobsAfter(long long records, const std::string& message); /// ingest jobs fail after that many records (0: never)
	void setQueryPageSize(int records);                      /// records of one REST query answer (Salesforce: 2000)
	std::size_t apiCalls() const;
	std::size_t jobs() const;                                /// ingest and query jobs created
	std::size_t polls() const;                               /// GETs of a job's state

	static const char* VERSION_PATH;  /// /services/data/v62.0

	struct Job;
	struct Query;

private:
	FakeHttpService::Reply handle(const FakeHttpService::Request& request);
	FakeHttpService::Reply authorize(const std::map<std::string, std::string>& query);
	FakeHttpService::Reply token(const std::map<std::string, std::string>& form);
	FakeHttpService::Reply api(const FakeHttpService::Request& request, const std::string& path, const std::map<std::string, std::string>& query);
	FakeHttpService::Reply rest(const FakeHttpService::Request& request, const std::string& rest, const std::map<std::string, std::string>& query);
	FakeHttpService::Reply ingest(const FakeHttpService::Request& request, const std::vector<std::string>& parts);
	FakeHttpService::Reply bulkQuery(const FakeHttpService::Request& request, const std::vector<std::string>& parts,
		const std::map<std::string, std::string>& query);
	FakeHttpService::Reply describe(const std::string& object) const;
	FakeHttpService::Reply queryPage(const std::string& cursor, std::size_t offset);
	std::optional<FakeHttpService::Reply> unauthorized(const FakeHttpService::Request& request);
	void advance(Job& job);
	void apply(Job& job, std::size_t count);
	std::string process(Job& job, const std::vector<std::string>& header, const std::vector<std::string>& cells, bool& created,
		std::map<std::string, std::string>& byExternalId);
	std::vector<const Record*> select(const Query& q) const;
	json::Value jobInfo(const Job& job) const;
	long long now() const;
	std::string newId(const std::string& object);

	mutable std::mutex _mutex;
	std::string _clientId, _clientSecret;
	std::chrono::seconds _lifetime{7200};
	struct Code
	{
		std::string redirectUri;
		std::string challenge;
	};
	std::map<std::string, Code> _codes;
	std::map<std::string, std::chrono::steady_clock::time_point> _accessTokens;
	std::set<std::string> _refreshTokens, _credentialTokens;
	bool _credentialsRefused = false;
	int _refreshes = 0, _credentialGrants = 0;
	json::Value _lastAuthorize;
	std::map<std::string, std::map<std::string, Record>> _objects;
	std::map<std::string, std::map<std::string, std::size_t>> _writes;
	std::map<std::string, std::shared_ptr<Job>> _jobs;
	struct Cursor
	{
		std::vector<json::Value> records;
	};
	std::map<std::string, Cursor> _cursors;
	std::vector<std::string> _queries;
	long long _next = 1000;
	long long _clock = 0;
	std::chrono::milliseconds _latency{0};
	long long _limit = 100000, _used = 0;
	int _refuseCount = 0, _refuseStatus = 0;
	double _throughput = 50000;
	long long _failAfter = 0;
	std::string _failMessage;
	int _pageSize = 2000;
	std::size_t _calls = 0, _jobCount = 0, _polls = 0;
	std::unique_ptr<FakeHttpService> _service;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeSalesforce_INCLUDED
