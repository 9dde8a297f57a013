//
// SheetsWorkbook.cpp
//


#include "SheetsWorkbook.h"
#include <algorithm>
#include <sstream>


namespace polytomic {
namespace test {


SheetsWorkbook::SheetsWorkbook(const std::string& prefix, int people, std::map<std::string, std::string> extra):
	SheetsAccount(prefix, std::move(extra)),
	warehouse(prefix + "wh")
{
	warehouse.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text, name text, score numeric(10,2), note text)");
	warehouse.execute("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, i * 1.5, NULL FROM generate_series(1, " +
		std::to_string(people) + ") AS i");
	sheetsId = connect("Sheets");
	warehouseId = createConnection(*admin, "Warehouse", warehouse);
	json::Value model = json::Value::object();
	model.set("name", "People");
	model.set("connection_id", warehouseId);
	model.set("configuration", json::Value::parse(R"({"table": "public.people"})"));
	model.set("identifier", "email");
	modelId = admin->data("POST", "/api/models", model.dump()).getString("id");
}


std::string SheetsWorkbook::sync(const std::string& mode, const std::string& sheet, const std::vector<std::string>& fields) const
{
	const auto mapping = [&](const std::string& source, const std::string& target) {
		json::Value m = json::Value::object();
		json::Value field = json::Value::object();
		field.set("model_id", modelId);
		field.set("field", source);
		m.set("source", field);
		m.set("target", target);
		return m;
	};
	json::Value body = json::Value::object();
	body.set("name", "People into " + sheet);
	body.set("mode", mode);
	json::Value target = json::Value::object();
	target.set("connection_id", sheetsId);
	target.set("object", sheet);
	body.set("target", target);
	json::Value list = json::Value::array();
	if (mode == "append") list.push(mapping("email", "email"));
	for (const auto& f: fields) list.push(mapping(f, f));
	body.set("fields", list);
	if (mode != "append")
	{
		json::Value identity = mapping("email", "email");
		identity.set("function", "Equality");
		body.set("identity", identity);
	}
	return admin->data("POST", "/api/syncs", body.dump()).getString("id");
}


json::Value SheetsWorkbook::run(const std::string& syncId) const
{
	const std::string id = admin->data("POST", "/api/syncs/" + syncId + "/executions", "{}").getString("id");
	return waitForExecution(*admin, "/api/syncs/" + syncId + "/executions/" + id, 300);
}


std::vector<std::vector<std::string>> SheetsWorkbook::rows(const std::string& sheet) const
{
	auto all = google.text(spreadsheetId, sheet);
	if (!all.empty()) all.erase(all.begin());
	std::sort(all.begin(), all.end());
	return all;
}


std::vector<std::vector<std::string>> SheetsWorkbook::expected(const std::string& columns, const std::string& where) const
{
	// A trailing empty value is no cell of the sheet's row either (Google leaves trailing empty cells out).
	std::vector<std::vector<std::string>> out;
	std::istringstream lines(warehouse.scalar("SELECT string_agg(concat_ws(chr(31), " + columns + "), chr(30)) FROM people WHERE " + where));
	for (std::string line; std::getline(lines, line, '\x1e');)
	{
		out.emplace_back();
		std::istringstream cells(line);
		for (std::string cell; std::getline(cells, cell, '\x1f');) out.back().push_back(cell);
		while (!out.back().empty() && out.back().back().empty()) out.back().pop_back();
	}
	std::sort(out.begin(), out.end());
	return out;
}


int64_t SheetsWorkbook::count(const json::Value& execution, const char* key)
{
	return execution["counts"].getInt64(key, -1);
}


} } // namespace polytomic::test
