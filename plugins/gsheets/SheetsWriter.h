//
// SheetsWriter.h
//
// Definition of the SheetsWriter class.
//


#ifndef GSheets_SheetsWriter_INCLUDED
#define GSheets_SheetsWriter_INCLUDED


#include "SheetsCatalog.h"
#include "polytomic/connector.hpp"
#include <map>


namespace gsheets {


class SheetsWriter: public polytomic::sdk::Writer
	/// Writes records into one sheet, row 1 its header (made from the first
	/// batch's fields when the sheet is new; a field the header lacks is added
	/// at its end). Values are written RAW (text stays text):
	///   APPEND            values.append of every record (never repeated after an ambiguous failure: it could add the rows twice)
	///   UPDATE_OR_CREATE  rows found by the identity column are updated in place (values.batchUpdate; a null leaves the cell),
	///                     the others appended (values.append)
	///   REPLACE           the same, a null clears the cell (a model sync's snapshot, with REMOVE)
	///   REMOVE            the rows of the identities given are deleted (spreadsheets.batchUpdate deleteDimension)
	///   SNAPSHOT          the records are written from row 2 down in order (values.batchUpdate), and close(true)
	///                     clears every row under the last one written (values.clear)
	/// A request stays under Google's 10 MB limit (MAX_REQUEST_BYTES): a batch is
	/// sent in as many requests as that takes. A record with a value longer than
	/// a cell holds (50,000 characters) is rejected alone, before anything is sent;
	/// a request Google refuses whole (400) is split in halves until the records
	/// at fault are alone, and those are rejected with Google's message.
{
public:
	SheetsWriter(SheetsApi& api, Sheet sheet, uint32_t mode, std::vector<std::string> identity);

	void write(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) override;
	void close(bool commit) override;

	static const std::size_t MAX_REQUEST_BYTES = 10000000; /// under Google's 10 MiB (10,485,760 bytes) a request

private:
	struct Pending
	{
		int64_t row;                      /// in the batch
		std::string id;                   /// the identity's text
		polytomic::json::Value cells;     /// the sheet row's values, by header position
		std::size_t bytes = 0;
		long long sheetRow = 0;           /// where it goes (updates, snapshot)
	};
	using Chunks = std::vector<std::vector<Pending>>;

	void ensureSheet(const polytomic::sdk::BatchReader& batch);
	void ensureHeader(const polytomic::sdk::BatchReader& batch);
	void ensureRows(long long lastRow);
	void grow(const std::string& dimension, long long length);
	polytomic::json::Value updateSpreadsheet(const std::string& kind, const polytomic::json::Value& request, const std::string& what);
		/// spreadsheets.batchUpdate with one request; its answer, or sdk::Error saying what was not done.
	void loadIndex();
	std::vector<Pending> pendingOf(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) const;
	Chunks chunked(std::vector<Pending> pending) const;
	void append(const std::vector<Pending>& pending, polytomic::sdk::WriteResults& results);
	void update(const std::vector<Pending>& pending, polytomic::sdk::WriteResults& results);
	void remove(const std::vector<Pending>& pending, polytomic::sdk::WriteResults& results);
	bool refusedWhole(const SheetsApi::Answer& answer, const std::vector<Pending>& pending, polytomic::sdk::WriteResults& results,
		void (SheetsWriter::*again)(const std::vector<Pending>&, polytomic::sdk::WriteResults&));
	std::string rowRange(long long first, long long last) const;
	std::string valuesPath(const std::string& range) const;

	SheetsApi& _api;
	Sheet _sheet;
	uint32_t _mode;
	std::string _identity;
	std::vector<std::string> _header;
	bool _headerLoaded = false;
	bool _indexed = false;
	std::map<std::string, long long> _rows;  /// identity text -> sheet row
	long long _next = 0;                     /// SNAPSHOT: the next row to write
	bool _wrote = false;
};


} // namespace gsheets


#endif // GSheets_SheetsWriter_INCLUDED
