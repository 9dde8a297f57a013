//
// CsvReadTest.cpp
//
// The CSV connector as a source (plugins/csv: CsvFile, CsvParser, CsvTypes,
// TextDecoder, ByteSource, CsvRoot), loaded as the server loads it.
//


#include "CsvReadTest.h"
#include "CsvFolder.h"
#include "LoadedPlugin.h"
#include "fakes/FakeHttpService.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include "support/TestEnvironment.h"
#include <fstream>
#include <functional>
#include <sstream>
#include <cppunit/TestAssert.h>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	std::string text(const json::Value& v)
	{
		return v.isString() ? v.asString() : v.dump();
	}


	std::string refusal(const std::function<void()>& body)
	{
		try
		{
			body();
		}
		catch (const plugins::ConnectorError& e)
		{
			return e.what();
		}
		return "(accepted)";
	}


	json::Value objectOf(const json::Value& catalog, const std::string& id)
	{
		for (const auto& o: catalog["objects"].items())
			if (o.getString("id") == id) return o;
		return json::Value();
	}


	std::string typeOf(const json::Value& object, const std::string& field)
	{
		for (const auto& f: object["fields"].items())
			if (f.getString("name") == field) return f.getString("type");
		return "(none)";
	}


	std::string utf16(const std::string& utf8, bool bigEndian)
		/// BMP and supplementary characters, with a BOM.
	{
		std::string out = bigEndian ? "\xFE\xFF" : "\xFF\xFE";
		auto unit = [&](uint32_t u) {
			const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
			out.push_back(bigEndian ? hi : lo);
			out.push_back(bigEndian ? lo : hi);
		};
		for (std::size_t i = 0; i < utf8.size();)
		{
			const auto c = static_cast<unsigned char>(utf8[i]);
			uint32_t cp;
			std::size_t n;
			if (c < 0x80) { cp = c; n = 1; }
			else if (c < 0xE0) { cp = c & 0x1F; n = 2; }
			else if (c < 0xF0) { cp = c & 0x0F; n = 3; }
			else { cp = c & 0x07; n = 4; }
			for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
			i += n;
			if (cp >= 0x10000)
			{
				unit(0xD800 + ((cp - 0x10000) >> 10));
				unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
			}
			else unit(cp);
		}
		return out;
	}


	const char* const PEOPLE = "id,name,note,amount,born,seen,flag\r\n"
		"1,\"Smith, Anna\",\"said \"\"hi\"\"\",1.50,1990-01-02,2026-03-04T05:06:07Z,true\r\n"
		"2,Bob,\"two\r\nlines\nand a third\",-3.25,2000-02-29,2026-03-04 05:06:07.5+02:00,FALSE\r\n"
		"3,,\"\",0.00,,,\r\n"
		"\r\n"
		"4,\"Zoë 😀\",plain,10.10,1970-01-01,1970-01-01T00:00:00Z,true";
}


void CsvReadTest::testQuotesNewlinesAndBom()
{
	CsvFolder folder;
	folder.write("people.csv", std::string("\xEF\xBB\xBF") + PEOPLE);
	const json::Value catalog = CsvFolder::plugin().session().discover(folder.config());
	const json::Value people = objectOf(catalog, "people");
	CPPUNIT_ASSERT_EQUAL_MESSAGE(catalog.dump(), std::string("id"), people["fields"][0].getString("name"));
	CPPUNIT_ASSERT_EQUAL(std::string("int64"), typeOf(people, "id"));
	CPPUNIT_ASSERT_EQUAL(std::string("string"), typeOf(people, "name"));
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), typeOf(people, "amount"));
	CPPUNIT_ASSERT_EQUAL(std::string("date"), typeOf(people, "born"));
	CPPUNIT_ASSERT_EQUAL(std::string("timestamp"), typeOf(people, "seen"));
	CPPUNIT_ASSERT_EQUAL(std::string("bool"), typeOf(people, "flag"));
	CPPUNIT_ASSERT_EQUAL(std::string("id"), people["primary_key"][0].asString());

	const auto read = CsvFolder::plugin().read(folder.config(), "people");
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), read.rows.size());
	CPPUNIT_ASSERT_EQUAL(std::string("Smith, Anna"), text(read.rows[0][1]));
	CPPUNIT_ASSERT_EQUAL(std::string("said \"hi\""), text(read.rows[0][2]));
	CPPUNIT_ASSERT_EQUAL(std::string("1.50"), text(read.rows[0][3]));
	CPPUNIT_ASSERT_EQUAL(std::string("7306"), text(read.rows[0][4]));
	CPPUNIT_ASSERT_EQUAL(std::string("1772600767000000"), text(read.rows[0][5]));
	CPPUNIT_ASSERT_EQUAL(std::string("two\r\nlines\nand a third"), text(read.rows[1][2]));
	CPPUNIT_ASSERT_EQUAL(std::string("1772593567500000"), text(read.rows[1][5])); // +02:00 is two hours before UTC
	CPPUNIT_ASSERT_EQUAL(std::string("false"), text(read.rows[1][6]));
	CPPUNIT_ASSERT(read.rows[2][1].isNull());                       // empty: null
	CPPUNIT_ASSERT_EQUAL(std::string(""), text(read.rows[2][2]));   // "": the empty string
	CPPUNIT_ASSERT(read.rows[2][4].isNull() && read.rows[2][6].isNull());
	CPPUNIT_ASSERT_EQUAL(std::string("Zoë 😀"), text(read.rows[3][1]));
}


void CsvReadTest::testEncodings()
{
	CsvFolder folder;
	const std::string utf8 = "id,name\n1,Zoë 😀\n2,\"a,b\"\n";
	folder.write("le/people.csv", utf16(utf8, false));
	folder.write("be/people.csv", utf16(utf8, true));
	for (const char* f: {"le", "be"})
	{
		const auto read = CsvFolder::plugin().read(folder.config(f), "people");
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::size_t(2), read.rows.size());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string("Zoë 😀"), text(read.rows[0][1]));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string("a,b"), text(read.rows[1][1]));
	}
	folder.write("latin/people.csv", "id,name\n1,caf\xE9\n2,\xC5se \xBD\n");
	json::Value latin = folder.config("latin");
	latin.set("encoding", "latin-1");
	auto read = CsvFolder::plugin().read(latin, "people");
	CPPUNIT_ASSERT_EQUAL(std::string("café"), text(read.rows[0][1]));
	CPPUNIT_ASSERT_EQUAL(std::string("Åse ½"), text(read.rows[1][1]));
	folder.write("cp/people.csv", "id,name\n1,\x80 5 \x93quoted\x94\n");
	json::Value cp = folder.config("cp");
	cp.set("encoding", "windows-1252");
	read = CsvFolder::plugin().read(cp, "people");
	CPPUNIT_ASSERT_EQUAL(std::string("€ 5 “quoted”"), text(read.rows[0][1]));
}


void CsvReadTest::testInvalidBytes()
{
	CsvFolder folder;
	folder.write("people.csv", "id,name\n1,ok\n2,caf\xE9\n");
	const std::string error = refusal([&] { CsvFolder::plugin().read(folder.config(), "people"); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("line 3") != std::string::npos && error.find("encoding") != std::string::npos);
	json::Value replace = folder.config();
	replace.set("invalid_bytes", "replace");
	const auto read = CsvFolder::plugin().read(replace, "people");
	CPPUNIT_ASSERT_EQUAL(std::string("caf\xEF\xBF\xBD"), text(read.rows[1][1]));
	folder.write("odd/people.csv", std::string("\xFF\xFE") + std::string("i\0d\0\n\0\x00\xD8", 8));
	const std::string lone = refusal([&] { CsvFolder::plugin().read(folder.config("odd"), "people"); });
	CPPUNIT_ASSERT_MESSAGE(lone, lone.find("not valid UTF-16") != std::string::npos);
	folder.write("cp/people.csv", "id,name\n1,\x81\n");
	json::Value cp = folder.config("cp");
	cp.set("encoding", "windows-1252");
	const std::string undefined = refusal([&] { CsvFolder::plugin().read(cp, "people"); });
	CPPUNIT_ASSERT_MESSAGE(undefined, undefined.find("Windows-1252") != std::string::npos);
}


void CsvReadTest::testTypeInference()
{
	CsvFolder folder;
	std::string file = "zip,ratio,mass,yes,mixed,blank,big,when\n";
	for (int i = 0; i < 20; ++i)
		file += "0" + std::to_string(1000 + i) + "," + std::to_string(i) + ".5," + std::to_string(i) + "e3," + (i % 2 ? "TRUE" : "false") + "," +
			(i == 10 ? "x" : std::to_string(i)) + ",,99999999999999999999,2026-01-0" + std::to_string(1 + i % 9) + "T10:00\n";
	folder.write("types.csv", file);
	const json::Value object = objectOf(CsvFolder::plugin().session().discover(folder.config()), "types");
	CPPUNIT_ASSERT_EQUAL(std::string("string"), typeOf(object, "zip"));     // leading zeros are kept
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), typeOf(object, "ratio"));
	CPPUNIT_ASSERT_EQUAL(std::string("float64"), typeOf(object, "mass"));
	CPPUNIT_ASSERT_EQUAL(std::string("bool"), typeOf(object, "yes"));
	CPPUNIT_ASSERT_EQUAL(std::string("string"), typeOf(object, "mixed"));
	CPPUNIT_ASSERT_EQUAL(std::string("string"), typeOf(object, "blank"));
	CPPUNIT_ASSERT_EQUAL(std::string("decimal"), typeOf(object, "big"));    // past int64: exact digits
	CPPUNIT_ASSERT_EQUAL(std::string("timestamp"), typeOf(object, "when"));
	// Stable: the same catalog again, and a value past the sample that breaks the type is a clear error.
	CPPUNIT_ASSERT_EQUAL(object.dump(), objectOf(CsvFolder::plugin().session().discover(folder.config()), "types").dump());
	json::Value small = folder.config();
	small.set("sample_rows", 5);
	const std::string error = refusal([&] { CsvFolder::plugin().read(small, "types"); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("line 12, field 'mixed': 'x' is not int64") != std::string::npos &&
		error.find("sample_rows") != std::string::npos);
	json::Value untyped = folder.config();
	untyped.set("infer_types", false);
	CPPUNIT_ASSERT_EQUAL(std::string("string"), typeOf(objectOf(CsvFolder::plugin().session().discover(untyped), "types"), "ratio"));
}


void CsvReadTest::testDelimiterAndNoHeader()
{
	CsvFolder folder;
	folder.write("semi.csv", "1;\"a;b\";x\n2;c;y\n");
	json::Value c = folder.config();
	c.set("delimiter", ";");
	c.set("header", false);
	const auto read = CsvFolder::plugin().read(c, "semi");
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), read.rows.size());
	CPPUNIT_ASSERT_EQUAL(std::string("column_2"), read.fields[1].name);
	CPPUNIT_ASSERT_EQUAL(std::string("a;b"), text(read.rows[0][1]));
	folder.write("tabs/t.csv", "a\tb\n1\tx y\n");
	json::Value tabs = folder.config("tabs");
	tabs.set("delimiter", "\\t");
	CPPUNIT_ASSERT_EQUAL(std::string("x y"), text(CsvFolder::plugin().read(tabs, "t").rows[0][1]));
	// An empty file and a header alone are objects without records.
	folder.write("empty.csv", "");
	folder.write("header.csv", "a,b\r\n");
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), CsvFolder::plugin().read(folder.config(), "empty").rows.size());
	const auto headerOnly = CsvFolder::plugin().read(folder.config(), "header");
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), headerOnly.rows.size());
	CPPUNIT_ASSERT_EQUAL(std::size_t(2), headerOnly.fields.size());
	folder.write("bad.csv", "a,b\n1,2,3\n");
	CPPUNIT_ASSERT(refusal([&] { CsvFolder::plugin().read(folder.config(), "bad"); }).find("line 2 has 3 fields, the header 2") != std::string::npos);
	folder.write("open.csv", "a,b\n1,\"never closed\n2,3\n");
	CPPUNIT_ASSERT(refusal([&] { CsvFolder::plugin().read(folder.config(), "open"); }).find("never closed") != std::string::npos);
	json::Value wrong = folder.config();
	wrong.set("delimiter", "ab");
	CPPUNIT_ASSERT(refusal([&] { CsvFolder::plugin().session().check(wrong); }).find("delimiter") != std::string::npos);
}


void CsvReadTest::testResumeFromState()
{
	CsvFolder folder;
	std::string file = "id,note\n";
	for (int i = 1; i <= 10; ++i) file += std::to_string(i) + ",\"line " + std::to_string(i) + "\nsecond\"\n";
	folder.write("utf8/rows.csv", file);
	folder.write("utf16/rows.csv", utf16(file, false));
	for (const char* f: {"utf8", "utf16"})
	{
		const auto all = CsvFolder::plugin().read(folder.config(f), "rows", 3);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::size_t(10), all.rows.size());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::size_t(4), all.states.size());
		const auto rest = CsvFolder::plugin().read(folder.config(f), "rows", 0, json::Value::parse(all.states[1]));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::size_t(4), rest.rows.size());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string("7"), text(rest.rows[0][0]));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::string("line 7\nsecond"), text(rest.rows[0][1]));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(f, std::size_t(0), CsvFolder::plugin().read(folder.config(f), "rows", 0, json::Value::parse(all.states.back())).rows.size());
	}
	// A UTF-8 file resumes at its byte offset, a UTF-16 file by counting rows.
	CPPUNIT_ASSERT(json::Value::parse(CsvFolder::plugin().read(folder.config("utf8"), "rows", 3).states[0])["offset"].isNumber());
	CPPUNIT_ASSERT(json::Value::parse(CsvFolder::plugin().read(folder.config("utf16"), "rows", 3).states[0])["offset"].isNull());
}


void CsvReadTest::testPathEscapeRefused()
{
	CsvFolder folder;
	folder.write("inside/a.csv", "id\n1\n");
	const std::string outside = folder.root + "-outside";
	TestEnvironment::shell("mkdir -p '" + outside + "' && printf 'id\\n42\\n' > '" + outside + "/secret.csv'");
	TestEnvironment::shell("ln -s '" + outside + "' '" + folder.path("link") + "'");
	TestEnvironment::shell("ln -s '" + outside + "/secret.csv' '" + folder.path("inside/secret.csv") + "'");
	auto refused = [&](const std::string& f, const std::string& words) {
		const std::string error = refusal([&] { CsvFolder::plugin().session().check(folder.config(f)); });
		CPPUNIT_ASSERT_MESSAGE(f + ": " + error, error.find(words) != std::string::npos);
	};
	refused("..", "leads outside");
	refused("inside/../..", "leads outside");
	refused("link", "leads outside");
	refused("/etc", "starts with '/'");
	refused("nowhere", "does not exist");
	// A link inside the folder that leads out is no object, and cannot be read, written or named by path.
	const json::Value catalog = CsvFolder::plugin().session().discover(folder.config("inside"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(catalog.dump(), std::size_t(1), catalog["objects"].size());
	std::string error = refusal([&] { CsvFolder::plugin().read(folder.config("inside"), "secret"); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("leads outside") != std::string::npos);
	error = refusal([&] { CsvFolder::plugin().read(folder.config("inside"), "../../" + outside.substr(outside.rfind('/') + 1) + "/secret"); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("not a file name") != std::string::npos);
	sdk::BatchBuilder b({{"id", sdk::Type::Int64, true}});
	b.appendInt64(0, 1);
	error = refusal([&] { CsvFolder::plugin().write(folder.config("inside"), "secret", POLYTOMIC_MODE_APPEND, {}, b); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("symbolic link") != std::string::npos);
	sdk::BatchBuilder b2({{"id", sdk::Type::Int64, true}});
	b2.appendInt64(0, 1);
	error = refusal([&] { CsvFolder::plugin().write(folder.config("inside"), "../evil", POLYTOMIC_MODE_SNAPSHOT, {}, b2); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("not a file name") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::string("id\n42\n"), [&] {
		std::ifstream in(outside + "/secret.csv");
		std::stringstream s;
		s << in.rdbuf();
		return s.str();
	}());
	TestEnvironment::shell("rm -rf '" + outside + "'");
	// Without the operator's root, no folder at all.
	::unsetenv("CONNECTOR_CSV_ROOT");
	error = refusal([&] { CsvFolder::plugin().session().check(folder.config()); });
	::setenv("CONNECTOR_CSV_ROOT", folder.root.c_str(), 1);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("CONNECTOR_CSV_ROOT") != std::string::npos);
}


void CsvReadTest::testUrlSource()
{
	std::string file = "id,name\n";
	for (int i = 0; i < 5000; ++i) file += std::to_string(i) + ",\"name " + std::to_string(i) + "\"\n";
	bool ranges = true;
	FakeHttpService server([&](const FakeHttpService::Request& r) {
		FakeHttpService::Reply reply;
		if (r.path.rfind("/exports/people.csv", 0) != 0)
		{
			reply.status = 404;
			reply.body = "no such file";
			return reply;
		}
		reply.contentType = "text/csv";
		auto range = r.headers.find("Range");
		if (!ranges || range == r.headers.end())
		{
			reply.body = file;
			return reply;
		}
		// bytes=a-b (RFC 9110 §14.1.2)
		const std::string spec = range->second.substr(6);
		const std::size_t from = std::stoull(spec.substr(0, spec.find('-')));
		const std::size_t to = std::min<std::size_t>(std::stoull(spec.substr(spec.find('-') + 1)), file.size() - 1);
		if (from >= file.size())
		{
			reply.status = 416;
			return reply;
		}
		reply.status = 206;
		reply.body = file.substr(from, to - from + 1);
		reply.headers["Content-Range"] = "bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" + std::to_string(file.size());
		return reply;
	});
	json::Value c = json::Value::object();
	c.set("url", server.url("/exports/people.csv?token=abc"));
	const json::Value catalog = CsvFolder::plugin().session().discover(c);
	CPPUNIT_ASSERT_EQUAL(std::string("people"), catalog["objects"][0].getString("id"));
	auto read = CsvFolder::plugin().read(c, "people", 1000);
	CPPUNIT_ASSERT_EQUAL(std::size_t(5000), read.rows.size());
	CPPUNIT_ASSERT_EQUAL(std::string("name 4999"), text(read.rows.back()[1]));
	const auto resumed = CsvFolder::plugin().read(c, "people", 0, json::Value::parse(read.states[2]));
	CPPUNIT_ASSERT_EQUAL(std::size_t(2000), resumed.rows.size());
	CPPUNIT_ASSERT(server.requests().back().headers.at("Range").rfind("bytes=" + std::to_string(json::Value::parse(read.states[2])["offset"].asInt64()), 0) == 0);
	ranges = false;
	read = CsvFolder::plugin().read(c, "people");
	CPPUNIT_ASSERT_EQUAL(std::size_t(5000), read.rows.size());
	c.set("max_download_mb", 1);
	file.append(std::string(2u << 20, '\n'));
	std::string error = refusal([&] { CsvFolder::plugin().read(c, "people"); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("max_download_mb") != std::string::npos);
	c.set("url", server.url("/missing.csv"));
	error = refusal([&] { CsvFolder::plugin().session().check(c); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("HTTP 404") != std::string::npos);
	sdk::BatchBuilder b({{"id", sdk::Type::Int64, true}});
	b.appendInt64(0, 1);
	error = refusal([&] { CsvFolder::plugin().write(c, "people", POLYTOMIC_MODE_APPEND, {}, b); });
	CPPUNIT_ASSERT_MESSAGE(error, error.find("source only") != std::string::npos);
}


CppUnit::Test* CsvReadTest::suite()
{
	auto* suite = new CppUnit::TestSuite("CsvReadTest");
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testQuotesNewlinesAndBom);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testEncodings);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testInvalidBytes);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testTypeInference);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testDelimiterAndNoHeader);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testResumeFromState);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testPathEscapeRefused);
	POLYTOMIC_ADD_TEST(suite, CsvReadTest, testUrlSource);
	return suite;
}
