//
// SheetsReader.h
//
// Definition of the SheetsReader class.
//


#ifndef GSheets_SheetsReader_INCLUDED
#define GSheets_SheetsReader_INCLUDED


#include "SheetsCatalog.h"
#include "polytomic/connector.hpp"


namespace gsheets {


class SheetsReader
	/// Reads a sheet (or a range) as records, the rows under the header in
	/// windows of at most PAGE rows (values.get of that window's A1 range), so
	/// that memory holds a batch, whatever the sheet's size. A row whose cells
	/// are all empty is no record. The state after a batch is the last row
	/// number read ({"row": N}); a read resumed from it starts under that row,
	/// so rows appended to the sheet later are read then.
{
public:
	SheetsReader(SheetsApi& api, Sheet sheet, const polytomic::sdk::ReadRequest& request);

	void read(polytomic::sdk::ReadContext& context);

	static const long long PAGE = 1000;

private:
	long long pageRows() const;
	bool add(long long rowNumber, const polytomic::json::Value& row);

	SheetsApi& _api;
	Sheet _sheet;
	const polytomic::sdk::ReadRequest& _request;
	std::vector<const Column*> _columns;  /// nullptr: the _row field
	polytomic::sdk::BatchBuilder _batch;
};


} // namespace gsheets


#endif // GSheets_SheetsReader_INCLUDED
