//
// SheetsWriter.cpp
//


#include "SheetsWriter.h"
#include <algorithm>
#include <cctype>
#include <set>


namespace gsheets {


using namespace polytomic;


namespace
{
	long long firstRowOf(const std::string& range)
		/// 5 of "'Sheet 1'!A5:C7"; 0 when there is none.
	{
		const auto bang = range.rfind('!');
		std::size_t pos = bang == std::string::npos ? 0 : bang + 1;
		while (pos < range.size() && std::isalpha(static_cast<unsigned char>(range[pos]))) ++pos;
		long long row = 0;
		while (pos < range.size() && std::isdigit(static_cast<unsigned char>(range[pos]))) row = row * 10 + (range[pos++] - '0');
		return row;
	}


	std::string modeName(uint32_t mode)
	{
		switch (mode)
		{
		case POLYTOMIC_MODE_APPEND: return "append";
		case POLYTOMIC_MODE_UPDATE_OR_CREATE: return "updateOrCreate";
		case POLYTOMIC_MODE_REPLACE: return "replace";
		case POLYTOMIC_MODE_REMOVE: return "remove";
		case POLYTOMIC_MODE_SNAPSHOT: return "snapshot";
		default: return "mode " + std::to_string(mode);
		}
	}
}


SheetsWriter::SheetsWriter(SheetsApi& api, Sheet sheet, uint32_t mode, std::vector<std::string> identity):
	_api(api),
	_sheet(std::move(sheet)),
	_mode(mode),
	_identity(identity.empty() ? std::string() : identity.front())
{
	if (_sheet.range) throw sdk::Error("write into a whole sheet ('" + _sheet.title + "'), not a range of it: the header is row 1");
	if (_mode != POLYTOMIC_MODE_APPEND && _mode != POLYTOMIC_MODE_UPDATE_OR_CREATE && _mode != POLYTOMIC_MODE_REPLACE &&
		_mode != POLYTOMIC_MODE_REMOVE && _mode != POLYTOMIC_MODE_SNAPSHOT)
		throw sdk::Error("Google Sheets does not write in " + modeName(_mode) + ": use append, updateOrCreate or snapshot");
	if (identity.size() > 1) throw sdk::Error("a sheet's rows are identified by one column; choose one");
	const bool needsIdentity = _mode == POLYTOMIC_MODE_UPDATE_OR_CREATE || _mode == POLYTOMIC_MODE_REPLACE || _mode == POLYTOMIC_MODE_REMOVE;
	if (needsIdentity && (_identity.empty() || _identity == SheetsCatalog::ROW_FIELD))
		throw sdk::Error(modeName(_mode) + " into a sheet needs an identity column (an email, an id) to find its rows by");
	_next = _sheet.headerRow + 1;
}


std::string SheetsWriter::rowRange(long long first, long long last) const
{
	return _sheet.quotedTitle() + "!A" + std::to_string(first) + ":" +
		SheetsCatalog::columnLetters(std::max<std::size_t>(_header.size(), 1) - 1) + std::to_string(last);
}


std::string SheetsWriter::valuesPath(const std::string& range) const
{
	return "/v4/spreadsheets/" + _sheet.spreadsheetId + "/values/" + SheetsApi::escaped(range);
}


void SheetsWriter::ensureSheet(const sdk::BatchReader& batch)
{
	if (_sheet.sheetId >= 0) return;
	// A missing sheet is made, wide enough for the batch's fields.
	json::Value grid = json::Value::object();
	grid.set("rowCount", 1000);
	grid.set("columnCount", static_cast<long long>(std::max<std::size_t>(26, batch.columns())));
	json::Value properties = json::Value::object();
	properties.set("title", _sheet.title);
	properties.set("gridProperties", grid);
	json::Value add = json::Value::object();
	add.set("properties", properties);
	const json::Value answer = updateSpreadsheet("addSheet", add, "add the sheet");
	const json::Value& made = answer["replies"][0]["addSheet"]["properties"];
	_sheet.sheetId = made.getInt64("sheetId", 0);
	_sheet.rowCount = made["gridProperties"].getInt64("rowCount", 1000);
	_sheet.columnCount = made["gridProperties"].getInt64("columnCount", 26);
	_header.clear();
	_headerLoaded = true;
}


void SheetsWriter::ensureHeader(const sdk::BatchReader& batch)
{
	if (!_headerLoaded)
	{
		const json::Value row = _api.get(valuesPath(_sheet.quotedTitle() + "!1:1") + "?valueRenderOption=UNFORMATTED_VALUE");
		_header.clear();
		if (row["values"].isArray() && row["values"].size() > 0)
			for (const auto& cell: row["values"][0].items()) _header.push_back(SheetsCatalog::text(cell));
		_headerLoaded = true;
	}
	std::vector<std::string> added;
	for (const sdk::Field& f: batch.fields())
		if (f.name != SheetsCatalog::ROW_FIELD && std::find(_header.begin(), _header.end(), f.name) == _header.end()) added.push_back(f.name);
	if (!_identity.empty() && batch.find(_identity) < 0) throw sdk::Error("the records carry no '" + _identity + "', the identity");
	// Removing rows needs only the identity: the header is left as it is.
	if (added.empty() || _mode == POLYTOMIC_MODE_REMOVE) return;
	const std::size_t from = _header.size();
	_header.insert(_header.end(), added.begin(), added.end());
	if (static_cast<long long>(_header.size()) > _sheet.columnCount)
	{
		grow("COLUMNS", static_cast<long long>(_header.size()) - _sheet.columnCount);
		_sheet.columnCount = static_cast<long long>(_header.size());
	}
	json::Value names = json::Value::array();
	for (std::size_t c = from; c < _header.size(); ++c) names.push(_header[c]);
	json::Value values = json::Value::array();
	values.push(names);
	const std::string range = _sheet.quotedTitle() + "!" + SheetsCatalog::columnLetters(from) + "1:" +
		SheetsCatalog::columnLetters(_header.size() - 1) + "1";
	json::Value body = json::Value::object();
	body.set("range", range);
	body.set("majorDimension", "ROWS");
	body.set("values", values);
	const SheetsApi::Answer answer = _api.send("PUT", valuesPath(range) + "?valueInputOption=RAW", body, true);
	if (answer.status < 200 || answer.status >= 300)
		throw sdk::Error("Google Sheets did not take the header row of '" + _sheet.title + "': " + SheetsApi::errorText(answer.status, answer.body));
}


void SheetsWriter::ensureRows(long long lastRow)
{
	if (lastRow <= _sheet.rowCount) return;
	// Cells past the grid cannot be written: the sheet grows first, by at least a thousand rows at a time.
	const long long length = std::max<long long>(lastRow - _sheet.rowCount, 1000);
	grow("ROWS", length);
	_sheet.rowCount += length;
}


void SheetsWriter::grow(const std::string& dimension, long long length)
{
	json::Value append = json::Value::object();
	append.set("sheetId", _sheet.sheetId);
	append.set("dimension", dimension);
	append.set("length", length);
	updateSpreadsheet("appendDimension", append, dimension == "ROWS" ? "add rows to" : "widen");
}


json::Value SheetsWriter::updateSpreadsheet(const std::string& kind, const json::Value& request, const std::string& what)
{
	json::Value one = json::Value::object();
	one.set(kind, request);
	json::Value requests = json::Value::array();
	requests.push(one);
	json::Value body = json::Value::object();
	body.set("requests", requests);
	// Never repeated after an ambiguous failure: a second addSheet is refused, a second appendDimension grows the sheet twice.
	const SheetsApi::Answer answer = _api.send("POST", "/v4/spreadsheets/" + _sheet.spreadsheetId + ":batchUpdate", body, false);
	if (answer.status < 200 || answer.status >= 300)
		throw sdk::Error("Google Sheets did not " + what + " the sheet '" + _sheet.title + "': " + SheetsApi::errorText(answer.status, answer.body));
	return answer.body;
}


void SheetsWriter::loadIndex()
{
	if (_indexed) return;
	_rows.clear();
	const auto at = std::find(_header.begin(), _header.end(), _identity);
	if (at != _header.end() && _sheet.rowCount > _sheet.headerRow)
	{
		const std::string letter = SheetsCatalog::columnLetters(static_cast<std::size_t>(at - _header.begin()));
		const json::Value column = _api.get(valuesPath(_sheet.quotedTitle() + "!" + letter + std::to_string(_sheet.headerRow + 1) + ":" + letter +
			std::to_string(_sheet.rowCount)) + "?valueRenderOption=UNFORMATTED_VALUE&majorDimension=ROWS");
		long long row = _sheet.headerRow + 1;
		if (column["values"].isArray())
			for (const auto& cells: column["values"].items())
			{
				const std::string id = cells.isArray() && cells.size() > 0 ? SheetsCatalog::text(cells[0]) : std::string();
				// The first row of an identity is the one written to; a later copy is left as it is.
				if (!id.empty() && !_rows.count(id)) _rows[id] = row;
				++row;
			}
	}
	_indexed = true;
}


std::vector<SheetsWriter::Pending> SheetsWriter::pendingOf(const sdk::BatchReader& batch, sdk::WriteResults& results) const
{
	const bool clear = _mode == POLYTOMIC_MODE_REPLACE || _mode == POLYTOMIC_MODE_SNAPSHOT;
	std::vector<int> columnOf;
	for (const std::string& name: _header) columnOf.push_back(batch.find(name));
	const int key = _identity.empty() ? -1 : batch.find(_identity);
	std::vector<Pending> out;
	for (int64_t row = 0; row < batch.rows(); ++row)
	{
		Pending p{row, std::string(), json::Value::array()};
		std::string tooLong;
		for (std::size_t c = 0; c < _header.size(); ++c)
		{
			// A column the records do not carry is cleared by a snapshot (the row held another record) and left by the rest.
			json::Value v = columnOf[c] < 0 ? (_mode == POLYTOMIC_MODE_SNAPSHOT ? json::Value("") : json::Value()) :
				SheetsCatalog::cell(batch, row, static_cast<std::size_t>(columnOf[c]), clear);
			if (v.isString() && v.asString().size() > SheetsCatalog::MAX_CELL && tooLong.empty()) tooLong = _header[c];
			p.cells.push(std::move(v));
		}
		if (!tooLong.empty())
		{
			results.rejected(row, "the value of '" + tooLong + "' is longer than the 50,000 characters a Google Sheets cell holds; shorten it "
				"in the model (left(" + tooLong + ", 50000))");
			continue;
		}
		if (key >= 0)
		{
			p.id = SheetsCatalog::text(SheetsCatalog::cell(batch, row, static_cast<std::size_t>(key), false));
			if (p.id.empty())
			{
				results.rejected(row, "the record has no " + _identity + " to find its row by");
				continue;
			}
		}
		p.bytes = p.cells.dump().size() + 96; // the row's range and the JSON around it
		if (p.bytes > MAX_REQUEST_BYTES)
		{
			results.rejected(row, "the record is larger than the 10 MB Google Sheets takes in one request");
			continue;
		}
		out.push_back(std::move(p));
	}
	return out;
}


SheetsWriter::Chunks SheetsWriter::chunked(std::vector<Pending> pending) const
{
	Chunks out;
	std::size_t bytes = 0;
	for (Pending& p: pending)
	{
		if (out.empty() || bytes + p.bytes > MAX_REQUEST_BYTES)
		{
			out.emplace_back();
			bytes = 256;
		}
		bytes += p.bytes;
		out.back().push_back(std::move(p));
	}
	return out;
}


bool SheetsWriter::refusedWhole(const SheetsApi::Answer& answer, const std::vector<Pending>& pending, sdk::WriteResults& results,
	void (SheetsWriter::*again)(const std::vector<Pending>&, sdk::WriteResults&))
{
	if (answer.status >= 200 && answer.status < 300) return false;
	if (answer.status == 400 && pending.size() > 1)
	{
		// Google refused the whole request and wrote none of it: find the records at fault.
		const auto middle = pending.begin() + static_cast<std::ptrdiff_t>(pending.size() / 2);
		(this->*again)(std::vector<Pending>(pending.begin(), middle), results);
		(this->*again)(std::vector<Pending>(middle, pending.end()), results);
		return true;
	}
	const std::string note = answer.status >= 500 && again == &SheetsWriter::append ?
		"; Google may have added the row, so it was not sent again" : "";
	for (const Pending& p: pending) results.rejected(p.row, SheetsApi::errorText(answer.status, answer.body) + note);
	return true;
}


void SheetsWriter::append(const std::vector<Pending>& pending, sdk::WriteResults& results)
{
	if (pending.empty()) return;
	json::Value values = json::Value::array();
	for (const Pending& p: pending) values.push(p.cells);
	const std::string range = rowRange(_sheet.headerRow, _sheet.headerRow);
	json::Value body = json::Value::object();
	body.set("range", range);
	body.set("majorDimension", "ROWS");
	body.set("values", values);
	// Repeating an append after Google may have carried it out would add the rows twice.
	const SheetsApi::Answer answer = _api.send("POST", valuesPath(range) + ":append?valueInputOption=RAW&insertDataOption=INSERT_ROWS", body, false);
	if (refusedWhole(answer, pending, results, &SheetsWriter::append)) return;
	const long long first = firstRowOf(answer.body["updates"].getString("updatedRange"));
	const long long rows = answer.body["updates"].getInt64("updatedRows", static_cast<long long>(pending.size()));
	_sheet.rowCount = std::max(_sheet.rowCount, first + rows - 1);
	for (std::size_t i = 0; i < pending.size(); ++i)
	{
		if (!pending[i].id.empty() && first > 0) _rows[pending[i].id] = first + static_cast<long long>(i);
		results.ok(pending[i].row);
	}
}


void SheetsWriter::update(const std::vector<Pending>& pending, sdk::WriteResults& results)
{
	if (pending.empty()) return;
	json::Value data = json::Value::array();
	for (const Pending& p: pending)
	{
		json::Value values = json::Value::array();
		values.push(p.cells);
		json::Value range = json::Value::object();
		range.set("range", rowRange(p.sheetRow, p.sheetRow));
		range.set("majorDimension", "ROWS");
		range.set("values", values);
		data.push(range);
	}
	json::Value body = json::Value::object();
	body.set("valueInputOption", "RAW");
	body.set("data", data);
	// Fixed cells get fixed values: harmless to repeat.
	const SheetsApi::Answer answer = _api.send("POST", "/v4/spreadsheets/" + _sheet.spreadsheetId + "/values:batchUpdate", body, true);
	if (refusedWhole(answer, pending, results, &SheetsWriter::update)) return;
	for (const Pending& p: pending) results.ok(p.row);
}


void SheetsWriter::remove(const std::vector<Pending>& pending, sdk::WriteResults& results)
{
	std::set<long long, std::greater<long long>> rows;
	for (const Pending& p: pending)
	{
		auto it = _rows.find(p.id);
		if (it != _rows.end()) rows.insert(it->second);
	}
	if (!rows.empty())
	{
		// From the bottom up, so that each deletion leaves the rows of the next one where they were.
		json::Value requests = json::Value::array();
		for (long long row: rows)
		{
			json::Value range = json::Value::object();
			range.set("sheetId", _sheet.sheetId);
			range.set("dimension", "ROWS");
			range.set("startIndex", row - 1);
			range.set("endIndex", row);
			json::Value del = json::Value::object();
			del.set("range", range);
			json::Value request = json::Value::object();
			request.set("deleteDimension", del);
			requests.push(request);
		}
		json::Value body = json::Value::object();
		body.set("requests", requests);
		// Deleting rows again would delete the rows that moved up into their places: never repeated.
		const SheetsApi::Answer answer = _api.send("POST", "/v4/spreadsheets/" + _sheet.spreadsheetId + ":batchUpdate", body, false);
		_indexed = false;
		if (answer.status < 200 || answer.status >= 300)
		{
			for (const Pending& p: pending) results.rejected(p.row, SheetsApi::errorText(answer.status, answer.body));
			return;
		}
		_sheet.rowCount -= static_cast<long long>(rows.size());
	}
	for (const Pending& p: pending) results.ok(p.row);
}


void SheetsWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	if (_mode == POLYTOMIC_MODE_REMOVE && _sheet.sheetId < 0)
	{
		for (int64_t row = 0; row < batch.rows(); ++row) results.ok(row); // nothing there to remove
		return;
	}
	ensureSheet(batch);
	ensureHeader(batch);
	_wrote = true;
	std::vector<Pending> pending = pendingOf(batch, results);
	if (_mode == POLYTOMIC_MODE_APPEND)
	{
		for (const auto& chunk: chunked(std::move(pending))) append(chunk, results);
		return;
	}
	if (_mode == POLYTOMIC_MODE_SNAPSHOT)
	{
		for (Pending& p: pending) p.sheetRow = _next++;
		ensureRows(_next - 1);
		for (const auto& chunk: chunked(std::move(pending))) update(chunk, results);
		return;
	}
	loadIndex();
	if (_mode == POLYTOMIC_MODE_REMOVE)
	{
		remove(pending, results);
		return;
	}
	// A record whose identity comes again later in the batch is written as the last one says.
	std::map<std::string, std::size_t> last;
	for (std::size_t i = 0; i < pending.size(); ++i) last[pending[i].id] = i;
	std::vector<Pending> updates, fresh;
	std::vector<int64_t> superseded;
	for (std::size_t i = 0; i < pending.size(); ++i)
	{
		if (last[pending[i].id] != i)
		{
			superseded.push_back(pending[i].row);
			continue;
		}
		auto it = _rows.find(pending[i].id);
		if (it != _rows.end())
		{
			pending[i].sheetRow = it->second;
			updates.push_back(std::move(pending[i]));
		}
		else fresh.push_back(std::move(pending[i]));
	}
	for (const auto& chunk: chunked(std::move(updates))) update(chunk, results);
	for (const auto& chunk: chunked(std::move(fresh))) append(chunk, results);
	for (int64_t row: superseded) results.ok(row);
}


void SheetsWriter::close(bool commit)
{
	if (!commit || _mode != POLYTOMIC_MODE_SNAPSHOT || _sheet.sheetId < 0) return;
	if (!_wrote && !_headerLoaded)
	{
		// An empty snapshot of an existing sheet empties it, under its header.
		const json::Value row = _api.get(valuesPath(_sheet.quotedTitle() + "!1:1") + "?valueRenderOption=UNFORMATTED_VALUE");
		if (row["values"].isArray() && row["values"].size() > 0)
			for (const auto& cell: row["values"][0].items()) _header.push_back(SheetsCatalog::text(cell));
	}
	if (_next > _sheet.rowCount) return;
	// Clear every row under the records written: the sheet holds exactly them.
	const std::string range = _sheet.quotedTitle() + "!A" + std::to_string(_next) + ":" +
		SheetsCatalog::columnLetters(static_cast<std::size_t>(std::max<long long>(_sheet.columnCount, 1) - 1)) + std::to_string(_sheet.rowCount);
	const SheetsApi::Answer answer = _api.send("POST", valuesPath(range) + ":clear", json::Value::object(), true);
	if (answer.status < 200 || answer.status >= 300)
		throw sdk::Error("Google Sheets did not clear the rows under the snapshot in '" + _sheet.title + "': " +
			SheetsApi::errorText(answer.status, answer.body));
}


} // namespace gsheets
