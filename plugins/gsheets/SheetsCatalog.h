//
// SheetsCatalog.h
//
// Definition of the SheetsCatalog class.
//


#ifndef GSheets_SheetsCatalog_INCLUDED
#define GSheets_SheetsCatalog_INCLUDED


#include "SheetsApi.h"
#include "polytomic/batch.hpp"
#include <optional>
#include <string>
#include <vector>


namespace gsheets {


struct Column
	/// A column of a sheet: its header and the type its values are read as.
{
	std::string name;
	std::size_t index = 0;   /// 0 for the sheet's column A
	polytomic::sdk::Type type = polytomic::sdk::Type::String;
	std::string sheetsType;  /// what the values were: "empty", "boolean", "number", "date", "datetime", "text" or "mixed"
};


struct Sheet
	/// One sheet (a tab) of a spreadsheet, or an A1 range of it, as an object.
{
	std::string objectId;       /// what the catalog names it: "<title>" (the configured spreadsheet) or "<spreadsheet id>/<title>"
	std::string spreadsheetId;
	std::string title;
	long long sheetId = -1;     /// -1: the sheet does not exist (yet)
	long long rowCount = 0;     /// the grid's size
	long long columnCount = 0;
	long long headerRow = 1;    /// 1-based; the range's first row
	long long lastRow = 0;      /// the range's last row, 0: the grid's last
	std::size_t firstColumn = 0;
	std::size_t lastColumn = 0; /// 0 with lastColumnSet false: the grid's last
	bool lastColumnSet = false;
	bool range = false;         /// an A1 range rather than a whole sheet
	std::vector<Column> columns;

	std::string quotedTitle() const;     /// 'Title' as A1 notation quotes it
	long long endRow() const;            /// the last row to read
	std::size_t endColumn() const;       /// the last column to read (0-based)
	const Column* find(const std::string& name) const;
};


class SheetsCatalog
	/// The spreadsheets and sheets a connection sees, and what their values are.
	///
	/// Objects: with `spreadsheet` configured, the sheets of that spreadsheet,
	/// named by their titles; without, every spreadsheet Drive lists for the
	/// user (files.list, mimeType application/vnd.google-apps.spreadsheet, at
	/// most max_spreadsheets of them), named "<spreadsheet id>/<title>". An
	/// object id may end in "!<A1 range>" (Sheet1!B3:F200) to read a range.
	///
	/// Fields: the header row (a range's first row) names them; an empty header
	/// cell is "column_<letter>", a repeated name gets "_2", "_3"; "_row" (the
	/// row's number in the sheet) is the primary key. Types, inferred from the
	/// non-empty values of the first SAMPLE_ROWS rows under the header, read
	/// unformatted (numbers as numbers, dates as formatted text):
	///   every value TRUE/FALSE (a checkbox, a boolean)   -> bool
	///   every value a number                             -> decimal (exact digits)
	///   every value text like 2024-01-31                 -> date
	///   every value text like 2024-01-31T12:00:00[.mmm][Z] or "2024-01-31 12:00:00" -> timestamp (UTC)
	///   anything else, and a column with no value yet    -> string
	/// The same rows give the same types, so two discovers of an unchanged sheet
	/// agree, and rows added below the sample never change them.
{
public:
	explicit SheetsCatalog(SheetsApi& api, const json::Value& config);

	std::vector<Sheet> sheets();
		/// Every object, with its columns.

	Sheet sheet(const std::string& objectId, bool withColumns = true);
		/// One object (sheetId -1 when the sheet does not exist); throws sdk::Error for a malformed id.

	std::string spreadsheet() const;
		/// The configured spreadsheet's id ("" when none).

	static json::Value describe(const Sheet& sheet);

	static std::string spreadsheetIdOf(const std::string& urlOrId);
		/// The id in a spreadsheet's URL (https://docs.google.com/spreadsheets/d/<id>/edit), or the text itself.

	static std::string columnLetters(std::size_t index);
		/// 0 -> A, 25 -> Z, 26 -> AA.

	static std::vector<Column> columnsOf(const json::Value& rows, std::size_t firstColumn);
		/// Header and types of a block of values whose first row is the header.

	static void append(polytomic::sdk::BatchBuilder& batch, std::size_t column, polytomic::sdk::Type type, const json::Value& value);
		/// A cell's value as the field's type; a value that does not fit the type is null.

	static json::Value cell(const polytomic::sdk::BatchReader& batch, int64_t row, std::size_t column, bool clearNull);
		/// A record's value as Sheets takes it: a number, a boolean or text; null (leave the cell) or "" (clear it) for null.

	static std::string text(const json::Value& cell);
		/// A cell's value as text, to compare identities: numbers in their shortest form, TRUE/FALSE.

	static const char* ROW_FIELD;
	static const int SAMPLE_ROWS = 1000;
	static const std::size_t MAX_CELL = 50000;  /// characters a cell holds

private:
	Sheet parse(const std::string& objectId) const;
	void describeSheets(const std::string& spreadsheetId, bool bare, std::vector<Sheet>& out);
	void loadColumns(Sheet& sheet);

	SheetsApi& _api;
	std::string _spreadsheet;
	long long _maxSpreadsheets;
};


} // namespace gsheets


#endif // GSheets_SheetsCatalog_INCLUDED
