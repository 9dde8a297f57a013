//
// HubSpotApi.h
//
// Definition of the HubSpotApi class.
//


#ifndef HubSpot_HubSpotApi_INCLUDED
#define HubSpot_HubSpotApi_INCLUDED


#include "polytomic/connector.hpp"
#include <string>


namespace hubspot {


namespace json = polytomic::json;
namespace sdk = polytomic::sdk;


class HubSpotApi
	/// HubSpot's REST API through the host's HTTP client: every request carries
	/// the connection's OAuth access token (the host refreshes it), shares the
	/// portal's rate budget with every other request to that portal, and is
	/// retried by the host on 429 (after Retry-After) and when it did not reach
	/// HubSpot; a write is repeated after an ambiguous failure only when it is
	/// harmless to repeat (an upsert, an update or an archive by key, never a
	/// create).
	///
	/// Rate limits (https://developers.hubspot.com/docs/api/usage-details and
	/// https://developers.hubspot.com/changelog/increasing-our-api-limits): per
	/// portal, 100 requests per 10 s for free and starter private apps, 190 for
	/// professional and enterprise, 110 for a public (OAuth) app, and a daily
	/// quota (250,000 to 1,000,000); the CRM search API, 5 requests per second.
	/// The budget is the configuration's requests_per_ten_seconds (default 100),
	/// of which it sends HEADROOM, and its requests_per_day (default none). It is
	/// the server's, named after the portal: every run on the portal, on every
	/// worker, shares it.
{
public:
	struct Answer
	{
		int status = 0;
		json::Value body;
	};

	HubSpotApi(const sdk::Host& host, const json::Value& config);

	json::Value get(const std::string& path);
		/// The JSON answer of a GET; throws sdk::Error with HubSpot's message otherwise.

	Answer post(const std::string& path, const json::Value& body, bool idempotent);
		/// A POST's status and JSON answer (a 4xx or 5xx is returned, not thrown: batches map it to
		/// their records); throws sdk::Error when HubSpot did not answer, refused the sign-in, or the
		/// portal's daily quota is used up.

	Answer search(const std::string& objectType, const json::Value& body);
		/// POST /crm/v3/objects/<type>/search, under the search API's own budget too.

	static std::string errorText(int status, const json::Value& body);
		/// HubSpot's error body ({"status": "error", "message", "correlationId", "category"}) as a sentence.

	static const json::Value& listIn(const json::Value& answer, const std::string& key);
		/// answer[key] when it is an array, else an empty one (an answer without the list).

	static long long dailyBudget(long long perDay);
		/// The share of the portal's daily limit the budget counts: 1% (10 at least) is left for
		/// the one request of each run that finds out which portal it is on (outside the budget).

	static const char* DEFAULT_URL;
	static constexpr double HEADROOM = 0.95;
		/// The share of the burst limit sent: HubSpot counts requests as they arrive in a rolling
		/// 10 s window, and the network's jitter must not bring one too many into it.

private:
	sdk::HttpResponse send(sdk::HttpRequest request, const std::string& budget, double perSecond);
	void requireUsable(const sdk::HttpResponse& response) const;
	const std::string& portal();

	const sdk::Host& _host;
	std::string _url;
	double _perSecond;
	long long _perDay;
	std::string _portal;
};


} // namespace hubspot


#endif // HubSpot_HubSpotApi_INCLUDED
