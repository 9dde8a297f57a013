//
// SalesforceReader.h
//
// Definition of the SalesforceReader class.
//


#ifndef Salesforce_SalesforceReader_INCLUDED
#define Salesforce_SalesforceReader_INCLUDED


#include "SalesforceCatalog.h"
#include <functional>
#include <set>


namespace salesforce {


class SalesforceReader
	/// Reads one object with SOQL:
	///   - through the REST API's query and queryMore (nextRecordsUrl), ordered by Id
	///     (a whole read; its state is the last Id reached) or by SystemModstamp
	///     (incremental; its state the instant reached and the ids read at it);
	///   - or, when the rows to read are at least bulk_read_threshold (a COUNT()
	///     query says), through a Bulk API 2.0 query job: created, polled until
	///     JobComplete, its CSV results read page by page (Sforce-Locator), one
	///     page a batch. Bulk queries take no ORDER BY, so a batch's state names
	///     the job and the next page, and the last one the instant reached.
	/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (nextRecordsUrl)
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
{
public:
	struct Options
	{
		int64_t bulkThreshold = 100000;  /// 0: never a bulk query
		unsigned pollMs = 2000;          /// the longest wait between two looks at a job
	};

	SalesforceReader(SalesforceApi& api, SObject object, const polytomic::sdk::ReadRequest& request, Options options);

	void read(polytomic::sdk::ReadContext& context);

	static const int REST_PAGE = 2000;     /// the most records of one query answer (Sforce-Query-Options batchSize)
	static const int64_t BULK_PAGE = 50000; /// the most records of one page of a bulk query's results

private:
	using Value = std::function<std::optional<std::string>(const std::string& field)>;

	std::string soql(bool count) const;
	bool incremental() const;
	bool add(const Value& value);
	polytomic::json::Value position() const;
	void readRest(polytomic::sdk::ReadContext& context);
	void readBulk(polytomic::sdk::ReadContext& context, std::string job, std::string locator);
	std::string startBulk();
	void awaitBulk(const std::string& job, polytomic::sdk::ReadContext& context);

	SalesforceApi& _api;
	SObject _object;
	const polytomic::sdk::ReadRequest& _request;
	Options _options;
	std::vector<const Field*> _columns;
	polytomic::sdk::BatchBuilder _batch;
	polytomic::json::Value _from;         /// the state the read started from
	// Where the read is: the last Id (whole reads) or the instant and the ids read at it (incremental).
	std::string _afterId;
	int64_t _fromStamp = -1, _reached = -1;
	std::set<std::string> _fromSeen, _seen;
};


} // namespace salesforce


#endif // Salesforce_SalesforceReader_INCLUDED
