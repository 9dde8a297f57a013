//
// SheetsApi.h
//
// Definition of the SheetsApi class.
//


#ifndef GSheets_SheetsApi_INCLUDED
#define GSheets_SheetsApi_INCLUDED


#include "polytomic/connector.hpp"
#include <string>


namespace gsheets {


namespace json = polytomic::json;
namespace sdk = polytomic::sdk;


class SheetsApi
	/// Google's Sheets API v4 and Drive API v3 through the host's HTTP client:
	/// every request carries the connection's OAuth access token (the host
	/// refreshes it), shares the Google user's rate budget with every other
	/// request of that user, and is retried after a quota refusal:
	///  - 429 RESOURCE_EXHAUSTED by the host (exponential backoff, Retry-After);
	///  - 403 with reason rateLimitExceeded or userRateLimitExceeded (Drive's
	///    older shape), and a 429 the host gave up on, here, with truncated
	///    exponential backoff (https://developers.google.com/sheets/api/limits:
	///    "use a truncated exponential backoff algorithm"), since Google did not
	///    act on a request it refused for its quota.
	/// A write is repeated after an ambiguous failure (a timeout, 502, 503, 504)
	/// only when it is harmless to repeat: values.update, values.batchUpdate and
	/// clear write fixed cells; values.append and deleting rows are never repeated.
	///
	/// Quotas (https://developers.google.com/sheets/api/limits): 300 read and 300
	/// write requests per minute per project, 60 of each per minute per user per
	/// project. Reads and writes each keep to the configuration's
	/// requests_per_minute (default 60), in budgets named after the Google user;
	/// Drive (12,000 queries a minute per user) to DRIVE_PER_SECOND.
{
public:
	struct Answer
	{
		int status = 0;
		json::Value body;
	};

	SheetsApi(const sdk::Host& host, const json::Value& config);

	json::Value get(const std::string& pathAndQuery);
		/// The JSON answer of a GET to the Sheets API (path from /v4/...); throws sdk::Error with Google's message otherwise.

	json::Value driveGet(const std::string& pathAndQuery);
		/// The same for the Drive API (path from /drive/v3/...).

	Answer send(const std::string& method, const std::string& pathAndQuery, const json::Value& body, bool idempotent);
		/// A write's status and answer (a 4xx is returned, not thrown, so that a writer can map it to records);
		/// throws sdk::Error when Google did not answer, refused the sign-in or kept refusing for its quota.

	static std::string errorText(int status, const json::Value& body);
		/// Google's error body ({"error": {"code", "message", "status", "errors": [{"reason"}]}}) as a sentence.

	static std::string escaped(const std::string& text);
		/// text percent-encoded for a URL's path or query (RFC 3986 unreserved characters kept).

	static bool quotaRefusal(int status, const json::Value& body);
		/// A refusal for a quota or rate limit: Google did not act on the request.

	static constexpr double DRIVE_PER_SECOND = 10;

	static const char* SHEETS_URL;
	static const char* DRIVE_URL;

private:
	json::Value fetch(const std::string& url, const std::string& refusal);
	sdk::HttpResponse exchange(sdk::HttpRequest request);
		/// attempt() under the user's rate budget.
	sdk::HttpResponse attempt(sdk::HttpRequest request);
		/// The host's answer, sent again after quota refusals; throws sdk::Error for an answer no request can use.
	void requireUsable(const sdk::HttpResponse& response, const json::Value& body) const;
	const std::string& user();

	const sdk::Host& _host;
	std::string _sheetsUrl;
	std::string _driveUrl;
	double _perSecond;
	int _quotaRetries;
	std::string _user;
};


} // namespace gsheets


#endif // GSheets_SheetsApi_INCLUDED
