//
// HubSpotReader.h
//
// Definition of the HubSpotReader class.
//


#ifndef HubSpot_HubSpotReader_INCLUDED
#define HubSpot_HubSpotReader_INCLUDED


#include "HubSpotCatalog.h"
#include "polytomic/connector.hpp"
#include <set>


namespace hubspot {


class HubSpotReader
	/// Reads the records of one object type. A whole read pages through
	/// GET /crm/v3/objects/<type> (paging.next.after; its state is the cursor).
	/// An incremental read searches (POST .../search) for records modified at
	/// or after the last modification reached, in increasing order of it; the
	/// search API gives at most 10,000 results of one query, so the read starts
	/// a new query from the last modification reached before that (skipping the
	/// records of that instant it already returned). Its state:
	/// {"modified_after": <ms>, "seen": [<ids modified at that ms>]}.
{
public:
	HubSpotReader(HubSpotApi& api, ObjectType object, const polytomic::sdk::ReadRequest& request);

	void read(polytomic::sdk::ReadContext& context);

	static const int PAGE = 100;            /// HubSpot's most records a page
	static const int SEARCH_WINDOW = 10000; /// the most results one search gives

private:
	void readAll(polytomic::sdk::ReadContext& context);
	void readModified(polytomic::sdk::ReadContext& context);
	int pageSize() const;
	bool add(const polytomic::json::Value& record);
	bool emit(polytomic::sdk::ReadContext& context, const polytomic::json::Value& state);
	polytomic::json::Value searchState() const;

	HubSpotApi& _api;
	ObjectType _object;
	polytomic::sdk::ReadRequest _request;
	std::vector<const Property*> _columns;
	polytomic::sdk::BatchBuilder _batch;
	long long _modifiedAfter = -1;
	std::set<std::string> _seen;
};


} // namespace hubspot


#endif // HubSpot_HubSpotReader_INCLUDED
