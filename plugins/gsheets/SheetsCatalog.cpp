//
// SheetsCatalog.cpp
//


#include "SheetsCatalog.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>


namespace gsheets {


using namespace polytomic;


const char* SheetsCatalog::ROW_FIELD = "_row";


namespace
{
	const char* VALUES_OPTIONS = "valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING&majorDimension=ROWS";


	int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
		/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
	{
		y -= m <= 2;
		const int64_t era = (y >= 0 ? y : y - 399) / 400;
		const unsigned yoe = static_cast<unsigned>(y - era * 400);
		const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		return era * 146097 + static_cast<int64_t>(doe) - 719468;
	}


	std::string civilFromDays(int64_t z)
	{
		z += 719468;
		const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
		const unsigned doe = static_cast<unsigned>(z - era * 146097);
		const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		const int64_t y = static_cast<int64_t>(yoe) + era * 400;
		const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		const unsigned mp = (5 * doy + 2) / 153;
		const unsigned d = doy - (153 * mp + 2) / 5 + 1;
		const unsigned m = mp + (mp < 10 ? 3 : -9);
		char text[32];
		std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
		return text;
	}


	bool digitsAt(const std::string& s, std::size_t pos, std::size_t count)
	{
		if (pos + count > s.size()) return false;
		for (std::size_t i = pos; i < pos + count; ++i)
			if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
		return true;
	}


	std::optional<int32_t> dateOf(const std::string& s)
		/// Days since the epoch of "YYYY-MM-DD" exactly.
	{
		if (s.size() != 10 || !digitsAt(s, 0, 4) || s[4] != '-' || !digitsAt(s, 5, 2) || s[7] != '-' || !digitsAt(s, 8, 2)) return std::nullopt;
		const int y = std::atoi(s.substr(0, 4).c_str()), m = std::atoi(s.substr(5, 2).c_str()), d = std::atoi(s.substr(8, 2).c_str());
		if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
		return static_cast<int32_t>(daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
	}


	std::optional<int64_t> timestampOf(const std::string& s)
		/// Microseconds since the epoch of "YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z]" (UTC).
	{
		if (s.size() < 19 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
		const auto day = dateOf(s.substr(0, 10));
		if (!day || !digitsAt(s, 11, 2) || s[13] != ':' || !digitsAt(s, 14, 2) || s[16] != ':' || !digitsAt(s, 17, 2)) return std::nullopt;
		const int h = std::atoi(s.substr(11, 2).c_str()), mi = std::atoi(s.substr(14, 2).c_str()), se = std::atoi(s.substr(17, 2).c_str());
		if (h > 23 || mi > 59 || se > 60) return std::nullopt;
		std::size_t pos = 19;
		int64_t micros = 0;
		if (pos < s.size() && s[pos] == '.')
		{
			std::size_t digits = 0;
			for (++pos; pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])); ++pos, ++digits)
				if (digits < 6) micros = micros * 10 + (s[pos] - '0');
			if (digits == 0) return std::nullopt;
			for (; digits < 6; ++digits) micros *= 10;
		}
		if (pos < s.size() && s[pos] == 'Z') ++pos;
		if (pos != s.size()) return std::nullopt;
		return (static_cast<int64_t>(*day) * 86400 + h * 3600 + mi * 60 + se) * 1000000 + micros;
	}


	std::string timestampText(int64_t micros)
	{
		int64_t days = micros >= 0 ? micros / 86400000000LL : -((-micros + 86399999999LL) / 86400000000LL);
		const int64_t rest = micros - days * 86400000000LL;
		const int64_t seconds = rest / 1000000, fraction = rest % 1000000;
		char text[64];
		if (fraction % 1000 == 0)
			std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%03dZ", civilFromDays(days).c_str(), static_cast<int>(seconds / 3600),
				static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60), static_cast<int>(fraction / 1000));
		else
			std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%06dZ", civilFromDays(days).c_str(), static_cast<int>(seconds / 3600),
				static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60), static_cast<int>(fraction));
		return text;
	}


	std::string numberText(double d)
		/// The shortest text that reads back as d.
	{
		char text[40];
		for (int precision: {15, 16, 17})
		{
			std::snprintf(text, sizeof text, "%.*g", precision, d);
			if (std::strtod(text, nullptr) == d) break;
		}
		return text;
	}


	std::optional<double> numberOf(const std::string& s)
	{
		if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
		char* end = nullptr;
		const double d = std::strtod(s.c_str(), &end);
		if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
		return d;
	}


	std::string kindOf(const json::Value& v)
	{
		if (v.isBool()) return "boolean";
		if (v.isNumber()) return "number";
		if (!v.isString() || v.asString().empty()) return "empty";
		if (dateOf(v.asString())) return "date";
		if (timestampOf(v.asString())) return "datetime";
		return "text";
	}


	std::optional<std::pair<std::size_t, long long>> cellOf(const std::string& text, std::size_t& pos)
		/// A1 cell "B3", "B" or "3" at pos: (column, row), -1 for a part left out.
	{
		std::size_t column = 0;
		bool letters = false;
		while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
		{
			column = column * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(text[pos])) - 'A' + 1);
			letters = true;
			++pos;
		}
		long long row = 0;
		bool digits = false;
		while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
		{
			row = row * 10 + (text[pos] - '0');
			digits = true;
			++pos;
			if (row > 100000000) return std::nullopt;
		}
		if (!letters && !digits) return std::nullopt;
		return std::make_pair(letters ? column - 1 : static_cast<std::size_t>(-1), digits ? row : -1);
	}


	bool applyRange(const std::string& a1, Sheet& sheet)
		/// B3:F200, A:D, 2:100, B3 into the sheet's bounds; false when a1 is no A1 range.
	{
		std::size_t pos = 0;
		const auto start = cellOf(a1, pos);
		if (!start) return false;
		auto end = start;
		if (pos < a1.size() && a1[pos] == ':')
		{
			++pos;
			end = cellOf(a1, pos);
			if (!end) return false;
		}
		if (pos != a1.size()) return false;
		if (start->first != static_cast<std::size_t>(-1)) sheet.firstColumn = start->first;
		if (start->second > 0) sheet.headerRow = start->second;
		if (end->first != static_cast<std::size_t>(-1))
		{
			sheet.lastColumn = end->first;
			sheet.lastColumnSet = true;
		}
		if (end->second > 0) sheet.lastRow = end->second;
		if (sheet.headerRow < 1 || (sheet.lastRow && sheet.lastRow < sheet.headerRow) || (sheet.lastColumnSet && sheet.lastColumn < sheet.firstColumn))
			return false;
		sheet.range = true;
		return true;
	}
}


std::string Sheet::quotedTitle() const
{
	std::string out = "'";
	for (char c: title) out += c == '\'' ? std::string("''") : std::string(1, c);
	return out + "'";
}


long long Sheet::endRow() const
{
	return lastRow > 0 ? std::min(lastRow, rowCount) : rowCount;
}


std::size_t Sheet::endColumn() const
{
	const std::size_t grid = columnCount > 0 ? static_cast<std::size_t>(columnCount - 1) : 0;
	return lastColumnSet ? std::min(lastColumn, grid) : grid;
}


const Column* Sheet::find(const std::string& name) const
{
	for (const Column& c: columns)
		if (c.name == name) return &c;
	return nullptr;
}


SheetsCatalog::SheetsCatalog(SheetsApi& api, const json::Value& config):
	_api(api),
	_spreadsheet(spreadsheetIdOf(config.getString("spreadsheet"))),
	_maxSpreadsheets(config.getInt64("max_spreadsheets", 25))
{
	if (_maxSpreadsheets < 1) throw sdk::Error("max_spreadsheets must be at least 1");
}


std::string SheetsCatalog::spreadsheet() const
{
	return _spreadsheet;
}


std::string SheetsCatalog::spreadsheetIdOf(const std::string& urlOrId)
{
	std::string id = urlOrId;
	const auto marker = id.find("/d/");
	if (marker != std::string::npos)
	{
		id = id.substr(marker + 3);
		id = id.substr(0, id.find_first_of("/?#"));
	}
	while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
	while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.erase(0, 1);
	for (char c: id)
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
			throw sdk::Error("'" + urlOrId + "' is not a spreadsheet: paste its URL (https://docs.google.com/spreadsheets/d/<id>/edit) or its id");
	return id;
}


std::string SheetsCatalog::columnLetters(std::size_t index)
{
	std::string out;
	for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
	return out;
}


Sheet SheetsCatalog::parse(const std::string& objectId) const
{
	Sheet sheet;
	sheet.objectId = objectId;
	std::string rest = objectId;
	if (_spreadsheet.empty())
	{
		const auto slash = rest.find('/');
		if (slash == std::string::npos || slash == 0)
			throw sdk::Error("'" + objectId + "' names no spreadsheet: use <spreadsheet id>/<sheet title>, or set the connection's spreadsheet");
		sheet.spreadsheetId = spreadsheetIdOf(rest.substr(0, slash));
		rest = rest.substr(slash + 1);
	}
	else sheet.spreadsheetId = _spreadsheet;
	// A title may hold '!' itself: only what follows the last one, when it is an A1 range, is a range.
	const auto bang = rest.rfind('!');
	if (bang != std::string::npos && bang > 0 && applyRange(rest.substr(bang + 1), sheet)) rest = rest.substr(0, bang);
	if (rest.empty()) throw sdk::Error("'" + objectId + "' names no sheet");
	sheet.title = rest;
	return sheet;
}


void SheetsCatalog::loadColumns(Sheet& sheet)
{
	const long long last = std::min(sheet.endRow(), sheet.headerRow + SAMPLE_ROWS);
	sheet.columns.clear();
	if (sheet.sheetId < 0 || last < sheet.headerRow || sheet.columnCount == 0) return;
	const std::string range = sheet.quotedTitle() + "!" + columnLetters(sheet.firstColumn) + std::to_string(sheet.headerRow) + ":" +
		columnLetters(sheet.endColumn()) + std::to_string(last);
	const json::Value block = _api.get("/v4/spreadsheets/" + sheet.spreadsheetId + "/values/" + SheetsApi::escaped(range) + "?" + VALUES_OPTIONS);
	sheet.columns = columnsOf(block["values"], sheet.firstColumn);
}


std::vector<Column> SheetsCatalog::columnsOf(const json::Value& rows, std::size_t firstColumn)
{
	std::vector<Column> out;
	if (!rows.isArray() || rows.size() == 0) return out;
	std::size_t width = 0;
	for (const auto& row: rows.items()) width = std::max(width, row.isArray() ? row.size() : 0);
	std::set<std::string> taken{ROW_FIELD};
	const json::Value& header = rows[0];
	for (std::size_t c = 0; c < width; ++c)
	{
		Column column;
		column.index = firstColumn + c;
		const json::Value name = header.isArray() && c < header.size() ? header[c] : json::Value();
		std::string base = name.isNull() || text(name).empty() ? "column_" + columnLetters(column.index) : text(name);
		column.name = base;
		for (int n = 2; taken.count(column.name); ++n) column.name = base + "_" + std::to_string(n);
		taken.insert(column.name);
		std::set<std::string> kinds;
		for (std::size_t r = 1; r < rows.size(); ++r)
		{
			const json::Value& row = rows[r];
			if (!row.isArray() || c >= row.size()) continue;
			const std::string kind = kindOf(row[c]);
			if (kind != "empty") kinds.insert(kind);
		}
		const std::map<std::string, sdk::Type> single{{"boolean", sdk::Type::Bool}, {"number", sdk::Type::Decimal}, {"date", sdk::Type::Date},
			{"datetime", sdk::Type::Timestamp}, {"text", sdk::Type::String}};
		column.sheetsType = kinds.empty() ? "empty" : kinds.size() > 1 ? "mixed" : *kinds.begin();
		column.type = kinds.size() == 1 ? single.at(*kinds.begin()) : sdk::Type::String;
		out.push_back(column);
	}
	return out;
}


Sheet SheetsCatalog::sheet(const std::string& objectId, bool withColumns)
{
	Sheet sheet = parse(objectId);
	const json::Value answer = _api.get("/v4/spreadsheets/" + sheet.spreadsheetId + "?fields=" +
		SheetsApi::escaped("sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))"));
	for (const auto& s: answer["sheets"].items())
	{
		const json::Value& p = s["properties"];
		if (p.getString("title") != sheet.title) continue;
		sheet.sheetId = p.getInt64("sheetId", 0);
		sheet.rowCount = p["gridProperties"].getInt64("rowCount", 0);
		sheet.columnCount = p["gridProperties"].getInt64("columnCount", 0);
	}
	if (withColumns) loadColumns(sheet);
	return sheet;
}


void SheetsCatalog::describeSheets(const std::string& spreadsheetId, bool bare, std::vector<Sheet>& out)
{
	const json::Value answer = _api.get("/v4/spreadsheets/" + spreadsheetId + "?fields=" +
		SheetsApi::escaped("sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))"));
	std::vector<Sheet> found;
	std::string ranges;
	for (const auto& s: answer["sheets"].items())
	{
		const json::Value& p = s["properties"];
		Sheet sheet;
		sheet.spreadsheetId = spreadsheetId;
		sheet.title = p.getString("title");
		sheet.objectId = bare ? sheet.title : spreadsheetId + "/" + sheet.title;
		sheet.sheetId = p.getInt64("sheetId", 0);
		sheet.rowCount = p["gridProperties"].getInt64("rowCount", 0);
		sheet.columnCount = p["gridProperties"].getInt64("columnCount", 0);
		if (sheet.rowCount < 1 || sheet.columnCount < 1) continue; // not a grid (a chart sheet)
		ranges += std::string(ranges.empty() ? "" : "&") + "ranges=" + SheetsApi::escaped(sheet.quotedTitle() + "!A1:" +
			columnLetters(sheet.endColumn()) + std::to_string(std::min<long long>(sheet.rowCount, 1 + SAMPLE_ROWS)));
		found.push_back(sheet);
	}
	if (found.empty()) return;
	// One call for the headers and samples of every sheet of the spreadsheet: discovery stays within the quota.
	const json::Value values = _api.get("/v4/spreadsheets/" + spreadsheetId + "/values:batchGet?" + ranges + "&" + VALUES_OPTIONS);
	const json::Value& blocks = values["valueRanges"];
	for (std::size_t i = 0; i < found.size(); ++i)
	{
		if (blocks.isArray() && i < blocks.size()) found[i].columns = columnsOf(blocks[i]["values"], 0);
		out.push_back(found[i]);
	}
}


std::vector<Sheet> SheetsCatalog::sheets()
{
	std::vector<Sheet> out;
	if (!_spreadsheet.empty())
	{
		describeSheets(_spreadsheet, true, out);
		return out;
	}
	std::string pageToken;
	long long listed = 0;
	do
	{
		std::string path = "/drive/v3/files?q=" + SheetsApi::escaped("mimeType='application/vnd.google-apps.spreadsheet' and trashed=false") +
			"&orderBy=" + SheetsApi::escaped("name,createdTime") + "&pageSize=100&fields=" + SheetsApi::escaped("nextPageToken,files(id,name)") +
			"&supportsAllDrives=true&includeItemsFromAllDrives=true";
		if (!pageToken.empty()) path += "&pageToken=" + SheetsApi::escaped(pageToken);
		const json::Value page = _api.driveGet(path);
		if (page["files"].isArray())
			for (const auto& file: page["files"].items())
				if (listed++ < _maxSpreadsheets) describeSheets(file.getString("id"), false, out);
		pageToken = page.getString("nextPageToken");
	} while (!pageToken.empty() && listed < _maxSpreadsheets);
	return out;
}


json::Value SheetsCatalog::describe(const Sheet& sheet)
{
	json::Value out = json::Value::object();
	out.set("id", sheet.objectId);
	out.set("name", sheet.title);
	json::Value fields = json::Value::array();
	json::Value row = json::Value::object();
	row.set("name", ROW_FIELD);
	row.set("type", "int64");
	row.set("nullable", false);
	row.set("source_type", "row number");
	fields.push(row);
	json::Value identity = json::Value::array();
	for (const Column& c: sheet.columns)
	{
		json::Value field = json::Value::object();
		field.set("name", c.name);
		field.set("type", sdk::typeName(c.type));
		field.set("nullable", true);
		field.set("source_type", c.sheetsType);
		fields.push(field);
		identity.push(c.name);
	}
	out.set("fields", fields);
	json::Value key = json::Value::array();
	key.push(ROW_FIELD);
	out.set("primary_key", key);
	out.set("tracking_fields", json::Value::array());
	// Any column can identify the rows of a write (an email, an id): the user chooses.
	out.set("identity_fields", identity);
	return out;
}


std::string SheetsCatalog::text(const json::Value& cell)
{
	if (cell.isBool()) return cell.asBool() ? "TRUE" : "FALSE";
	if (cell.isInteger()) return std::to_string(cell.asInt64());
	if (cell.isNumber()) return numberText(cell.asDouble());
	if (cell.isString()) return cell.asString();
	return "";
}


void SheetsCatalog::append(sdk::BatchBuilder& batch, std::size_t column, sdk::Type type, const json::Value& value)
{
	if (value.isNull() || (value.isString() && value.asString().empty()))
	{
		batch.appendNull(column);
		return;
	}
	switch (type)
	{
	case sdk::Type::Bool:
	{
		const std::string t = text(value);
		if (value.isBool()) batch.appendBool(column, value.asBool());
		else if (t == "TRUE" || t == "true") batch.appendBool(column, true);
		else if (t == "FALSE" || t == "false") batch.appendBool(column, false);
		else batch.appendNull(column);
		break;
	}
	case sdk::Type::Decimal:
		if (value.isNumber() || (value.isString() && numberOf(value.asString()))) batch.appendDecimal(column, text(value));
		else batch.appendNull(column);
		break;
	case sdk::Type::Date:
	{
		const auto day = value.isString() ? dateOf(value.asString()) : std::nullopt;
		if (day) batch.appendDate(column, *day);
		else batch.appendNull(column);
		break;
	}
	case sdk::Type::Timestamp:
	{
		const auto at = value.isString() ? timestampOf(value.asString()) : std::nullopt;
		if (at) batch.appendTimestamp(column, *at);
		else batch.appendNull(column);
		break;
	}
	default: batch.appendString(column, text(value)); break;
	}
}


json::Value SheetsCatalog::cell(const sdk::BatchReader& batch, int64_t row, std::size_t column, bool clearNull)
{
	if (batch.isNull(row, column)) return clearNull ? json::Value("") : json::Value();
	switch (batch.field(column).type)
	{
	case sdk::Type::Int64: return json::Value(static_cast<long long>(batch.getInt64(row, column)));
	case sdk::Type::Float64: return json::Value(batch.getFloat64(row, column));
	case sdk::Type::Bool: return json::Value(batch.getBool(row, column));
	case sdk::Type::Date: return json::Value(civilFromDays(batch.getDate(row, column)));
	case sdk::Type::Timestamp: return json::Value(timestampText(batch.getTimestamp(row, column)));
	case sdk::Type::Decimal:
	{
		// A number cell when Sheets can hold it as one (a double), its digits as text otherwise.
		const std::string digits(batch.getString(row, column));
		const auto d = numberOf(digits);
		if (d && numberText(*d) == digits) return json::Value(*d);
		if (d && std::fabs(*d) < 1e15 && digits.find_first_of("eE") == std::string::npos) return json::Value(*d);
		return json::Value(digits);
	}
	case sdk::Type::Null: return clearNull ? json::Value("") : json::Value();
	default: return json::Value(json::repairedUtf8(std::string(batch.getString(row, column))));
	}
}


} // namespace gsheets
