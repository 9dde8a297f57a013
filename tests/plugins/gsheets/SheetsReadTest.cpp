//
// SheetsReadTest.cpp
//
// The built gsheets.so loaded as the server loads a plugin, against the Google
// fake: discovery through Drive's pages, a range read as records, and the
// field types inferred from the values.
//


#include "SheetsReadTest.h"
#include "fakes/FakeGoogleSheets.h"
#include "plugins/ConnectorSession.h"
#include "plugins/HostServices.h"
#include "plugins/PluginLibrary.h"
#include "polytomic/batch.hpp"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <memory>


using namespace polytomic;
using namespace polytomic::test;
namespace sdk = polytomic::sdk;


namespace
{
	struct Loaded
		/// The plugin, a session on it and the fake's access token.
	{
		FakeGoogleSheets google{"id", "secret"};
		plugins::HostServices host{"gsheets"};
		std::unique_ptr<plugins::ConnectorSession> session;

		Loaded()
		{
			static std::unique_ptr<plugins::PluginLibrary> library = plugins::PluginLibrary::open(GSHEETS_PLUGIN);
			session = library->connect(host);
			host.useAccessToken(google.issueAccessToken());
		}

		json::Value config(const std::string& spreadsheet) const
		{
			json::Value c = json::Value::object();
			if (!spreadsheet.empty()) c.set("spreadsheet", spreadsheet);
			c.set("sheets_url", google.url(""));
			c.set("drive_url", google.url(""));
			c.set("requests_per_minute", 6000);
			return c;
		}

		std::vector<std::vector<std::string>> read(const json::Value& config, const std::string& object, std::vector<sdk::Field>& fields,
			int64_t batchRows = 0)
		{
			plugins::ConnectorSession::ReadSpec spec;
			spec.config = config;
			spec.object = object;
			spec.batchRows = batchRows;
			std::vector<std::vector<std::string>> out;
			session->read(spec, [&](std::unique_ptr<plugins::Batch> batch, const std::string&) {
				sdk::BatchReader reader(batch->schema(), batch->array());
				fields = reader.fields();
				for (int64_t r = 0; r < reader.rows(); ++r)
				{
					out.emplace_back();
					for (std::size_t c = 0; c < reader.columns(); ++c)
					{
						if (reader.isNull(r, c)) out.back().push_back("NULL");
						else if (reader.field(c).type == sdk::Type::Int64) out.back().push_back(std::to_string(reader.getInt64(r, c)));
						else if (reader.field(c).type == sdk::Type::Bool) out.back().push_back(reader.getBool(r, c) ? "true" : "false");
						else if (reader.field(c).type == sdk::Type::Date) out.back().push_back("day " + std::to_string(reader.getDate(r, c)));
						else out.back().push_back(std::string(reader.getString(r, c)));
					}
				}
				return true;
			});
			return out;
		}
	};


	const json::Value* objectNamed(const json::Value& catalog, const std::string& id)
	{
		for (const auto& o: catalog["objects"].items())
			if (o.getString("id") == id) return &o;
		return nullptr;
	}
}


void SheetsReadTest::testDiscoveryThroughDrivePages()
{
	Loaded l;
	std::vector<std::string> ids;
	for (int i = 0; i < 5; ++i)
	{
		ids.push_back(l.google.addSpreadsheet("Book " + std::to_string(i)));
		l.google.addSheet(ids.back(), "Sheet1", {{"email", "n"}, {"a@example.com", i}});
	}
	l.google.addSheet(ids[2], "Second tab", {{"when"}, {"2024-01-31"}});
	l.google.setDrivePageLimit(2);
	const json::Value catalog = l.session->discover(l.config(""));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(catalog.dump(), std::size_t(6), catalog["objects"].size());
	for (const auto& id: ids) CPPUNIT_ASSERT_MESSAGE(id, objectNamed(catalog, id + "/Sheet1"));
	const json::Value* second = objectNamed(catalog, ids[2] + "/Second tab");
	CPPUNIT_ASSERT(second);
	CPPUNIT_ASSERT_EQUAL(std::string("date"), (*second)["fields"][1].getString("type"));
	CPPUNIT_ASSERT_EQUAL(std::string("_row"), (*second)["primary_key"][0].asString());
	// Three pages of two files, each asked for with the token of the page before.
	const auto listed = l.google.requestsTo("/drive/v3/files");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), listed.size());
	CPPUNIT_ASSERT(listed[0].find("pageToken") == std::string::npos);
	CPPUNIT_ASSERT(listed[1].find("pageToken=page-2") != std::string::npos);
	CPPUNIT_ASSERT(listed[0].find("mimeType%3D%27application%2Fvnd.google-apps.spreadsheet%27") != std::string::npos);

	// At most max_spreadsheets of them.
	json::Value fewer = l.config("");
	fewer.set("max_spreadsheets", 3);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), l.session->discover(fewer)["objects"].size()); // Book 2 has two sheets

	// With a spreadsheet configured by its URL: its sheets by their titles.
	const json::Value one = l.session->discover(l.config("https://docs.google.com/spreadsheets/d/" + ids[2] + "/edit#gid=0"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), one["objects"].size());
	CPPUNIT_ASSERT(objectNamed(one, "Second tab"));
}


void SheetsReadTest::testRangeAsRecords()
{
	Loaded l;
	const std::string id = l.google.addSpreadsheet("Report");
	// A title block above the table, a notes column beside it.
	l.google.addSheet(id, "Q1 report", {{"Sales report"}, {}, {json::Value(), "region", "amount", "closed", "notes"},
		{json::Value(), "north", 10.5, true, "x"}, {json::Value(), "south", 3, false}, {}, {json::Value(), "east", 7, true}, {"footer"}});
	std::vector<sdk::Field> fields;
	const auto rows = l.read(l.config(id), "Q1 report!B3:D7", fields);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), fields.size());
	CPPUNIT_ASSERT_EQUAL(std::string("_row"), fields[0].name);
	CPPUNIT_ASSERT_EQUAL(std::string("region"), fields[1].name);
	CPPUNIT_ASSERT(fields[2].type == sdk::Type::Decimal);
	CPPUNIT_ASSERT(fields[3].type == sdk::Type::Bool);
	const std::vector<std::vector<std::string>> expected{{"4", "north", "10.5", "true"}, {"5", "south", "3", "false"}, {"7", "east", "7", "true"}};
	CPPUNIT_ASSERT(rows == expected);
	// In batches of one row, the same records.
	CPPUNIT_ASSERT(l.read(l.config(id), "Q1 report!B3:D7", fields, 1) == expected);
}


void SheetsReadTest::testTypesStableAsRowsGrow()
{
	Loaded l;
	const std::string id = l.google.addSpreadsheet("Growing");
	std::vector<FakeGoogleSheets::Row> rows{{"n", "label", "flag", "", "n"}};
	for (int i = 0; i < 1000; ++i) rows.push_back({i, "L" + std::to_string(i), i % 2 == 0, json::Value(), i % 2 ? json::Value("odd") : json::Value(i)});
	rows.push_back({"n/a", "late", true}); // the 1,001st row, under the sample
	l.google.addSheet(id, "Data", rows, 1500);
	const json::Value catalog = l.session->discover(l.config(id));
	const json::Value& fields = (*objectNamed(catalog, "Data"))["fields"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(6), fields.size());
	CPPUNIT_ASSERT_EQUAL(std::string("n:decimal:number label:string:text flag:bool:boolean column_D:string:empty n_2:string:mixed"), [&] {
		std::string out;
		for (std::size_t i = 1; i < fields.size(); ++i)
			out += (i > 1 ? " " : "") + fields[i].getString("name") + ":" + fields[i].getString("type") + ":" + fields[i].getString("source_type");
		return out;
	}());
	// The same sheet, the same catalog; and the late text reads as null rather than changing the column's type.
	CPPUNIT_ASSERT(catalog == l.session->discover(l.config(id)));
	std::vector<sdk::Field> read;
	const auto records = l.read(l.config(id), "Data", read);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1001), records.size());
	CPPUNIT_ASSERT(records.back() == std::vector<std::string>({"1002", "NULL", "late", "true", "NULL", "NULL"}));
	CPPUNIT_ASSERT(records[3] == std::vector<std::string>({"5", "3", "L3", "false", "NULL", "odd"}));
}


CppUnit::Test* SheetsReadTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SheetsReadTest");
	POLYTOMIC_ADD_TEST(suite, SheetsReadTest, testDiscoveryThroughDrivePages);
	POLYTOMIC_ADD_TEST(suite, SheetsReadTest, testRangeAsRecords);
	POLYTOMIC_ADD_TEST(suite, SheetsReadTest, testTypesStableAsRowsGrow);
	return suite;
}
