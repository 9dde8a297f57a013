//
// SheetsWorkbook.h
//
// A signed-in Google Sheets connection, a warehouse (PostgreSQL) of people
// with a model of them, and model syncs from it into sheets.
//


#ifndef SheetsWorkbook_INCLUDED
#define SheetsWorkbook_INCLUDED


#include "SheetsAccount.h"


namespace polytomic {
namespace test {


struct SheetsWorkbook: SheetsAccount
{
	TestDatabase warehouse;
	std::string sheetsId, warehouseId, modelId;

	SheetsWorkbook(const std::string& prefix, int people, std::map<std::string, std::string> extra = {});

	std::string sync(const std::string& mode, const std::string& sheet, const std::vector<std::string>& fields = {"name", "score"}) const;
		/// A model sync of the people into the sheet (identity email, except in append mode).

	json::Value run(const std::string& syncId) const;
		/// Runs it and waits for the end.

	std::vector<std::vector<std::string>> rows(const std::string& sheet) const;
		/// The sheet's rows under its header, sorted.

	std::vector<std::vector<std::string>> expected(const std::string& columns, const std::string& where = "true") const;
		/// The columns (SQL expressions) of the people where the condition holds, as text, sorted.

	static int64_t count(const json::Value& execution, const char* key);
};


} } // namespace polytomic::test


#endif // SheetsWorkbook_INCLUDED
