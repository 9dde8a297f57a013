//
// CsvWriteTest.cpp
//
// The CSV connector as a destination (plugins/csv/CsvWriter): snapshot
// (a new file put in place at close) and append.
//


#include "CsvWriteTest.h"
#include "CsvFolder.h"
#include "LoadedPlugin.h"
#include "plugins/PluginError.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <dirent.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	sdk::BatchBuilder rows(int from, int count)
	{
		sdk::BatchBuilder b({{"id", sdk::Type::Int64, false}, {"note", sdk::Type::String, true}});
		for (int i = from; i < from + count; ++i)
		{
			b.appendInt64(0, i);
			if (i % 3 == 0) b.appendNull(1);
			else b.appendString(1, i % 3 == 1 ? "a, \"b\"\nc" : "");
		}
		return b;
	}


	std::size_t entries(const std::string& dir)
	{
		std::size_t n = 0;
		if (DIR* d = ::opendir(dir.c_str()))
		{
			while (dirent* e = ::readdir(d))
			{
				const std::string name = e->d_name;
				if (name != "." && name != "..") ++n;
			}
			::closedir(d);
		}
		return n;
	}
}


void CsvWriteTest::testSnapshotReplacesAtOnce()
{
	CsvFolder folder;
	folder.write("out.csv", "id,note\r\n99,old\r\n");
	auto writer = CsvFolder::plugin().session().openWriter(folder.config(), "out", POLYTOMIC_MODE_SNAPSHOT, {"id"});
	sdk::BatchBuilder b = rows(1, 4);
	ArrowSchema schema;
	ArrowArray array;
	b.finish(&schema, &array);
	const auto results = writer->write(&schema, &array);
	schema.release(&schema);
	array.release(&array);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), results.size());
	// Until close(true), readers see the old file whole.
	CPPUNIT_ASSERT_EQUAL(std::string("id,note\r\n99,old\r\n"), folder.contents("out.csv"));
	writer->close(true);
	CPPUNIT_ASSERT_EQUAL(std::string("id,note\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,\"\"\r\n3,\r\n4,\"a, \"\"b\"\"\nc\"\r\n"), folder.contents("out.csv"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), entries(folder.root)); // no temporary file left

	// Abandoned: the old file stays, the temporary goes.
	auto abandoned = CsvFolder::plugin().session().openWriter(folder.config(), "out", POLYTOMIC_MODE_SNAPSHOT, {"id"});
	sdk::BatchBuilder c = rows(10, 2);
	c.finish(&schema, &array);
	abandoned->write(&schema, &array);
	schema.release(&schema);
	array.release(&array);
	abandoned->close(false);
	abandoned.reset();
	CPPUNIT_ASSERT(folder.contents("out.csv").find("\r\n4,") != std::string::npos);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), entries(folder.root));

	// An empty snapshot keeps the header and no record.
	CsvFolder::plugin().session().openWriter(folder.config(), "out", POLYTOMIC_MODE_SNAPSHOT, {"id"})->close(true);
	CPPUNIT_ASSERT_EQUAL(std::string("id,note\r\n"), folder.contents("out.csv"));
}


void CsvWriteTest::testAppendKeepsTheHeader()
{
	CsvFolder folder;
	sdk::BatchBuilder first = rows(1, 2), second = rows(3, 2);
	CsvFolder::plugin().write(folder.config(), "log", POLYTOMIC_MODE_APPEND, {}, first);
	CsvFolder::plugin().write(folder.config(), "log", POLYTOMIC_MODE_APPEND, {}, second);
	CPPUNIT_ASSERT_EQUAL(std::size_t(4), CsvFolder::plugin().read(folder.config(), "log").rows.size());
	CPPUNIT_ASSERT_EQUAL(std::string::npos, folder.contents("log.csv").find("id,note", 1));
	// A file without its last line break still gets whole lines.
	folder.write("tail.csv", "id,note\n7,x");
	sdk::BatchBuilder third = rows(8, 1);
	CsvFolder::plugin().write(folder.config(), "tail", POLYTOMIC_MODE_APPEND, {}, third);
	CPPUNIT_ASSERT_EQUAL(std::string("id,note\n7,x\r\n8,\"\"\r\n"), folder.contents("tail.csv"));
	// Other fields than the file's header: refused, the file untouched.
	sdk::BatchBuilder other({{"name", sdk::Type::String, true}});
	other.appendString(0, "x");
	try
	{
		CsvFolder::plugin().write(folder.config(), "tail", POLYTOMIC_MODE_APPEND, {}, other);
		CPPUNIT_FAIL("a different header was accepted");
	}
	catch (const plugins::ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("the file's header (id,note) is not the records' fields (name)") != std::string::npos);
	}
	CPPUNIT_ASSERT_EQUAL(std::string("id,note\n7,x\r\n8,\"\"\r\n"), folder.contents("tail.csv"));
	// UTF-8 is not appended to a UTF-16 file.
	const std::string wide("\xFF\xFEi\0d\0,\0n\0o\0t\0e\0\n\0", 18);
	folder.write("wide.csv", wide);
	sdk::BatchBuilder fourth = rows(9, 1);
	try
	{
		CsvFolder::plugin().write(folder.config(), "wide", POLYTOMIC_MODE_APPEND, {}, fourth);
		CPPUNIT_FAIL("UTF-8 was appended to a UTF-16 file");
	}
	catch (const plugins::ConnectorError& e)
	{
		CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("is UTF-16") != std::string::npos);
	}
	CPPUNIT_ASSERT_EQUAL(wide, folder.contents("wide.csv"));
}


void CsvWriteTest::testValuesReadBackAsWritten()
{
	CsvFolder folder;
	sdk::BatchBuilder b({{"id", sdk::Type::Int64, false}, {"amount", sdk::Type::Decimal, true}, {"ratio", sdk::Type::Float64, true},
		{"day", sdk::Type::Date, true}, {"at", sdk::Type::Timestamp, true}, {"ok", sdk::Type::Bool, true}, {"doc", sdk::Type::Json, true}});
	for (int i = 0; i < 3; ++i)
	{
		b.appendInt64(0, -i);
		b.appendDecimal(1, std::to_string(i) + ".25");
		b.appendFloat64(2, 0.1 + i);
		b.appendDate(3, -1 + i);
		b.appendTimestamp(4, -1 + i * 1500000);
		b.appendBool(5, i == 1);
		b.appendJson(6, "{\"a\": [1, \"x,y\"]}");
	}
	CsvFolder::plugin().write(folder.config(), "typed", POLYTOMIC_MODE_SNAPSHOT, {"id"}, b);
	const auto read = CsvFolder::plugin().read(folder.config(), "typed");
	CPPUNIT_ASSERT_EQUAL(std::size_t(3), read.rows.size());
	// A float64 written without an exponent reads back as a decimal (the same digits).
	CPPUNIT_ASSERT_EQUAL(std::string("int64 decimal decimal date timestamp bool string"), [&] {
		std::string s;
		for (const auto& f: read.fields) s += (s.empty() ? "" : " ") + std::string(sdk::typeName(f.type));
		return s;
	}());
	CPPUNIT_ASSERT_EQUAL(-2LL, static_cast<long long>(read.rows[2][0].asInt64()));
	CPPUNIT_ASSERT_EQUAL(std::string("2.25"), read.rows[2][1].asString());
	CPPUNIT_ASSERT_EQUAL(std::string("2.1"), read.rows[2][2].asString());
	CPPUNIT_ASSERT_EQUAL(-1LL, static_cast<long long>(read.rows[0][3].asInt64()));
	CPPUNIT_ASSERT_EQUAL(-1LL, static_cast<long long>(read.rows[0][4].asInt64()));
	CPPUNIT_ASSERT_EQUAL(2999999LL, static_cast<long long>(read.rows[2][4].asInt64()));
	CPPUNIT_ASSERT_EQUAL(std::string("{\"a\": [1, \"x,y\"]}"), read.rows[1][6].asString());
	CPPUNIT_ASSERT(folder.contents("typed.csv").find("1969-12-31T23:59:59.999999Z") != std::string::npos);
}


CppUnit::Test* CsvWriteTest::suite()
{
	auto* suite = new CppUnit::TestSuite("CsvWriteTest");
	POLYTOMIC_ADD_TEST(suite, CsvWriteTest, testSnapshotReplacesAtOnce);
	POLYTOMIC_ADD_TEST(suite, CsvWriteTest, testAppendKeepsTheHeader);
	POLYTOMIC_ADD_TEST(suite, CsvWriteTest, testValuesReadBackAsWritten);
	return suite;
}
