//
// SalesforceApi.h
//
// Definition of the SalesforceApi class.
//


#ifndef Salesforce_SalesforceApi_INCLUDED
#define Salesforce_SalesforceApi_INCLUDED


#include "polytomic/connector.hpp"
#include <map>
#include <string>


namespace salesforce {


namespace json = polytomic::json;
namespace sdk = polytomic::sdk;


class SalesforceApi
	/// An org's REST and Bulk API 2.0 through the host's HTTP client. Every
	/// request carries the connection's OAuth access token (the host refreshes
	/// it) and goes to the connection's instance (instance_url, which the
	/// server keeps from the token answer). Every answer's Sforce-Limit-Info
	/// (api-usage=N/M) is read: once the org has used the connection's share
	/// of its daily API requests (daily_api_share, percent, default 50), no
	/// further request is sent and the run stops with that reason, instead of
	/// using up what the org's other integrations need
	/// (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm,
	/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm).
{
public:
	struct Answer
	{
		int status = 0;
		std::map<std::string, std::string> headers;  /// names in lower case
		std::string body;

		json::Value json() const;  /// the body as JSON (an empty object when it is not)
		bool ok() const { return status >= 200 && status < 300; }
	};

	SalesforceApi(const sdk::Host& host, const json::Value& config);

	std::string dataPath(const std::string& rest) const;
		/// /services/data/vXX.X<rest>

	Answer send(const std::string& method, const std::string& path, const std::string& body = "", const std::string& contentType = "",
		bool idempotent = false, const std::string& accept = "application/json");
		/// One request to the instance (path from /services/...); the answer whatever its status.
		/// Throws sdk::Error when the org did not answer, refused the sign-in, its API limit is
		/// used up, or the connection's daily share is.

	json::Value get(const std::string& path);
		/// The JSON answer of a GET; throws sdk::Error with Salesforce's message otherwise.

	json::Value json(const std::string& method, const std::string& path, const json::Value& body, bool idempotent);
		/// A JSON request's JSON answer; throws sdk::Error with Salesforce's message for a 4xx or 5xx.

	static std::string errorText(int status, const std::string& body);
		/// Salesforce's error body ([{"message", "errorCode", "fields"}] or an OAuth {"error", "error_description"}) as a sentence.

	static std::string encoded(const std::string& text);
		/// text percent-encoded for a URL's query (RFC 3986 unreserved characters kept).

	static std::string soqlQuoted(const std::string& value);
		/// 'value' with SOQL's escapes.

	bool cancelled() const { return _host.cancelled(); }

	long long apiUsed() const { return _used; }
	long long apiLimit() const { return _limit; }

	static const char* DEFAULT_VERSION;

private:
	void readUsage(const sdk::HttpResponse& response);
	void requireShareLeft() const;

	const sdk::Host& _host;
	std::string _instance;
	std::string _version;
	double _share;
	double _perSecond;
	long long _used = -1, _limit = -1;
};


} // namespace salesforce


#endif // Salesforce_SalesforceApi_INCLUDED
