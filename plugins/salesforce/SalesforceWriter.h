//
// SalesforceWriter.h
//
// Definition of the SalesforceWriter class.
//


#ifndef Salesforce_SalesforceWriter_INCLUDED
#define Salesforce_SalesforceWriter_INCLUDED


#include "SalesforceCatalog.h"
#include <map>


namespace salesforce {


class SalesforceWriter: public polytomic::sdk::Writer
	/// Writes records into one object through Bulk API 2.0 ingest jobs, a job
	/// (or more, past MAX_UPLOAD_BYTES of CSV) a batch:
	///   CREATE            insert (with an identity, those it finds are left alone)
	///   UPDATE            update by Id (an external id is looked up first; a record the org does not have is left out)
	///   UPDATE_OR_CREATE  upsert on the identity, an external id field (or Id); an empty cell leaves a value
	///   REPLACE           the same, a null clears the value (#N/A)
	///   REMOVE            delete by Id (an external id is looked up first)
	/// A job is created, its CSV uploaded, closed (UploadComplete) and polled
	/// until JobComplete, Failed or Aborted; then successfulResults,
	/// failedResults and unprocessedrecords are read and every record found in
	/// them by the values it was uploaded with (the results repeat them), so
	/// every record is reported, with Salesforce's sf__Error when it failed.
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/walkthrough_upload_data.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_unprocessed_results.htm
{
public:
	SalesforceWriter(SalesforceApi& api, SObject object, uint32_t mode, std::vector<std::string> identity, unsigned pollMs);

	void write(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) override;
	void close(bool commit) override;

	static const std::size_t MAX_UPLOAD_BYTES = 100 * 1024 * 1024; /// Salesforce takes 150 MB of CSV a job, and advises 100
	static const std::size_t LOOKUP_CHUNK = 200;                   /// identity values in one SOQL IN (...)

private:
	struct Upload
		/// The records of one job: the CSV columns, and each record's row and cells as uploaded.
	{
		std::vector<std::string> columns;
		std::vector<int64_t> rows;
		std::vector<std::vector<std::string>> values;
		std::size_t bytes = 0;
	};

	void requireColumns(const polytomic::sdk::BatchReader& batch);
	std::string operation() const;
	std::map<std::string, std::string> existing(const polytomic::sdk::BatchReader& batch, int key);
	std::vector<std::string> columnsOf(const polytomic::sdk::BatchReader& batch, bool withId) const;
	void run(const Upload& upload, polytomic::sdk::WriteResults& results);
	std::string await(const std::string& job, std::size_t records, std::string& why);
	std::string resultsOf(const std::string& job, const std::string& which);
	bool byId() const { return _identity == "Id"; }

	SalesforceApi& _api;
	SObject _object;
	uint32_t _mode;
	std::string _identity;
	unsigned _pollMs;
	bool _checked = false;
};


} // namespace salesforce


#endif // Salesforce_SalesforceWriter_INCLUDED
