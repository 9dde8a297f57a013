//
// BulkCsv.h
//
// Definition of the BulkCsv class.
//


#ifndef Salesforce_BulkCsv_INCLUDED
#define Salesforce_BulkCsv_INCLUDED


#include <optional>
#include <string>
#include <vector>


namespace salesforce {


class BulkCsv
	/// The CSV of Bulk API 2.0 (RFC 4180, comma, LF line endings, UTF-8): what
	/// an ingest job's batches upload and what its results and a query job's
	/// results download. In an upload an empty cell leaves a field's value and
	/// #N/A clears it
	/// (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm).
{
public:
	static std::string cell(const std::optional<std::string>& value, bool clearNull);
		/// One cell: quoted when it must be; a null is empty, or #N/A when it must clear the field.

	static std::string line(const std::vector<std::string>& cells);
		/// Cells (already made by cell()) joined by commas, with the line ending.

	class Reader
		/// Reads records of a CSV document one at a time; quoted cells may hold commas, quotes and line breaks.
	{
	public:
		explicit Reader(const std::string& text);

		bool next(std::vector<std::string>& cells);
			/// The next record's cells; false at the end.

	private:
		const std::string& _text;
		std::size_t _at = 0;
	};

	static const char* CLEAR;  /// #N/A
};


} // namespace salesforce


#endif // Salesforce_BulkCsv_INCLUDED
