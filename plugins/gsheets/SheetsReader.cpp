//
// SheetsReader.cpp
//


#include "SheetsReader.h"
#include <algorithm>


namespace gsheets {


using namespace polytomic;


namespace
{
	std::vector<const Column*> columnsOf(const Sheet& sheet, const sdk::ReadRequest& request)
	{
		std::vector<const Column*> out{nullptr};
		if (request.fields.empty())
		{
			for (const Column& c: sheet.columns) out.push_back(&c);
			return out;
		}
		for (const std::string& name: request.fields)
		{
			if (name == SheetsCatalog::ROW_FIELD) continue;
			const Column* c = sheet.find(name);
			if (!c) throw sdk::Error("the sheet '" + sheet.title + "' has no column '" + name + "' in its header row (row " +
				std::to_string(sheet.headerRow) + ")");
			out.push_back(c);
		}
		return out;
	}


	std::vector<sdk::Field> fieldsOf(const std::vector<const Column*>& columns)
	{
		std::vector<sdk::Field> out;
		for (const Column* c: columns) out.push_back(c ? sdk::Field{c->name, c->type, true} : sdk::Field{SheetsCatalog::ROW_FIELD, sdk::Type::Int64, false});
		return out;
	}
}


SheetsReader::SheetsReader(SheetsApi& api, Sheet sheet, const sdk::ReadRequest& request):
	_api(api),
	_sheet(std::move(sheet)),
	_request(request),
	_columns(columnsOf(_sheet, request)),
	_batch(fieldsOf(_columns))
{
	if (_sheet.sheetId < 0) throw sdk::Error("the spreadsheet has no sheet '" + _sheet.title + "'");
	if (!request.trackingField.empty())
		throw sdk::Error("a sheet has no field that tracks changes, so it is read whole (a snapshot), not incrementally on " + request.trackingField);
}


long long SheetsReader::pageRows() const
{
	return std::min<long long>(PAGE, std::max<long long>(1, _request.batchRows));
}


bool SheetsReader::add(long long rowNumber, const json::Value& row)
{
	bool any = false;
	if (row.isArray())
		for (const auto& v: row.items()) any = any || !(v.isNull() || (v.isString() && v.asString().empty()));
	if (!any) return false;
	for (std::size_t c = 0; c < _columns.size(); ++c)
	{
		const Column* column = _columns[c];
		if (!column)
		{
			_batch.appendInt64(c, rowNumber);
			continue;
		}
		const std::size_t at = column->index - _sheet.firstColumn;
		SheetsCatalog::append(_batch, c, column->type, at < row.size() ? row[at] : json::Value());
	}
	return true;
}


void SheetsReader::read(sdk::ReadContext& context)
{
	long long next = _sheet.headerRow + 1;
	if (_request.state.isObject()) next = std::max<long long>(next, _request.state.getInt64("row", 0) + 1);
	const long long end = _sheet.endRow();
	const std::string columns = SheetsCatalog::columnLetters(_sheet.firstColumn);
	const std::string last = SheetsCatalog::columnLetters(_sheet.endColumn());
	while (next <= end)
	{
		if (context.cancelled()) return;
		const long long to = std::min(end, next + pageRows() - 1);
		const std::string range = _sheet.quotedTitle() + "!" + columns + std::to_string(next) + ":" + last + std::to_string(to);
		const json::Value block = _api.get("/v4/spreadsheets/" + _sheet.spreadsheetId + "/values/" + SheetsApi::escaped(range) +
			"?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING&majorDimension=ROWS");
		const json::Value& rows = block["values"];
		long long number = next;
		if (rows.isArray())
			for (const auto& row: rows.items()) add(number++, row);
		next = to + 1;
		// Full when another window might not fit: a batch never holds more than batch_rows.
		const bool full = _batch.rows() + pageRows() > _request.batchRows;
		if (full || next > end)
		{
			json::Value state = json::Value::object();
			state.set("row", to);
			if (_batch.rows() == 0) continue; // blank rows only: nothing to hand over
			if (!context.emit(_batch, state)) return;
		}
	}
}


} // namespace gsheets
