//
// BatchTest.cpp
//


#include "BatchTest.h"
#include "polytomic/batch.hpp"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <cstring>


using namespace polytomic::sdk;


namespace
{
	std::vector<Field> everyType()
	{
		return {{"s", Type::String}, {"i", Type::Int64, false}, {"f", Type::Float64}, {"b", Type::Bool}, {"d", Type::Decimal},
			{"day", Type::Date}, {"ts", Type::Timestamp}, {"j", Type::Json}, {"bin", Type::Binary}, {"n", Type::Null}};
	}


	void fill(BatchBuilder& b)
	{
		// Row 0: values; row 1: nulls where nullable.
		b.appendString(0, "h\xc3\xa9llo");
		b.appendInt64(1, -9007199254740993LL);
		b.appendFloat64(2, 0.1);
		b.appendBool(3, true);
		b.appendDecimal(4, "12345678901234567890123456789.000000001");
		b.appendDate(5, -719162);
		b.appendTimestamp(6, 1700000000123456LL);
		b.appendJson(7, "{\"a\":[1,2]}");
		b.appendBinary(8, std::string("\0\x01\xff", 3));
		b.appendNull(9);
		for (std::size_t c = 0; c < 10; ++c)
		{
			if (c == 1) b.appendInt64(1, 7);
			else b.appendNull(c);
		}
	}
}


void BatchTest::testRoundTripEveryType()
{
	BatchBuilder builder(everyType());
	fill(builder);
	ArrowSchema schema;
	ArrowArray array;
	builder.finish(&schema, &array);
	{
		BatchReader r(&schema, &array);
		CPPUNIT_ASSERT_EQUAL(int64_t(2), r.rows());
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), r.columns());
		for (std::size_t c = 0; c < 10; ++c)
		{
			CPPUNIT_ASSERT(r.field(c).type == everyType()[c].type);
			CPPUNIT_ASSERT_EQUAL(everyType()[c].name, r.field(c).name);
		}
		CPPUNIT_ASSERT(!r.field(1).nullable && r.field(0).nullable);
		CPPUNIT_ASSERT(r.getString(0, 0) == "h\xc3\xa9llo");
		CPPUNIT_ASSERT_EQUAL(int64_t(-9007199254740993LL), r.getInt64(0, 1));
		CPPUNIT_ASSERT_EQUAL(0.1, r.getFloat64(0, 2));
		CPPUNIT_ASSERT(r.getBool(0, 3));
		CPPUNIT_ASSERT(r.getString(0, 4) == "12345678901234567890123456789.000000001");
		CPPUNIT_ASSERT_EQUAL(int32_t(-719162), r.getDate(0, 5));
		CPPUNIT_ASSERT_EQUAL(int64_t(1700000000123456LL), r.getTimestamp(0, 6));
		CPPUNIT_ASSERT(r.getString(0, 7) == "{\"a\":[1,2]}");
		CPPUNIT_ASSERT(r.getString(0, 8) == std::string("\0\x01\xff", 3));
		CPPUNIT_ASSERT(r.isNull(0, 9));
		for (std::size_t c = 0; c < 10; ++c)
		{
			if (c == 1) CPPUNIT_ASSERT(!r.isNull(1, c));
			else CPPUNIT_ASSERT_MESSAGE(std::to_string(c), r.isNull(1, c));
			if (c != 9) CPPUNIT_ASSERT(!r.isNull(0, c));
		}
		CPPUNIT_ASSERT_EQUAL(7, static_cast<int>(r.getInt64(1, 1)));
		CPPUNIT_ASSERT_EQUAL(5, r.find("day"));
		CPPUNIT_ASSERT_EQUAL(-1, r.find("nope"));
	}
	schema.release(&schema);
	array.release(&array);
	CPPUNIT_ASSERT(!schema.release && !array.release);
}


void BatchTest::testArrowLayout()
{
	BatchBuilder builder(everyType());
	fill(builder);
	ArrowSchema schema;
	ArrowArray array;
	builder.finish(&schema, &array);
	CPPUNIT_ASSERT_EQUAL(std::string("+s"), std::string(schema.format));
	const char* formats[] = {"u", "l", "g", "b", "u", "tdD", "tsu:UTC", "u", "z", "n"};
	for (int i = 0; i < 10; ++i) CPPUNIT_ASSERT_EQUAL(std::string(formats[i]), std::string(schema.children[i]->format));
	CPPUNIT_ASSERT_EQUAL(std::string("polytomic.decimal"), detail::findMetadata(schema.children[4]->metadata, "ARROW:extension:name"));
	CPPUNIT_ASSERT_EQUAL(std::string("arrow.json"), detail::findMetadata(schema.children[7]->metadata, "ARROW:extension:name"));
	CPPUNIT_ASSERT(schema.children[0]->metadata == nullptr);
	CPPUNIT_ASSERT_EQUAL(int64_t(1), array.children[0]->null_count);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), array.children[1]->null_count);
	CPPUNIT_ASSERT(array.children[1]->buffers[0] == nullptr);
	CPPUNIT_ASSERT_EQUAL(int64_t(2), array.children[9]->null_count);
	CPPUNIT_ASSERT_EQUAL(int64_t(0), array.children[9]->n_buffers);
	const int32_t* offsets = static_cast<const int32_t*>(array.children[0]->buffers[1]);
	CPPUNIT_ASSERT_EQUAL(0, offsets[0]);
	CPPUNIT_ASSERT_EQUAL(6, offsets[1]);
	CPPUNIT_ASSERT_EQUAL(6, offsets[2]);
	CPPUNIT_ASSERT_EQUAL(uint8_t(1), static_cast<const uint8_t*>(array.children[3]->buffers[1])[0]);
	schema.release(&schema);
	array.release(&array);
}


void BatchTest::testBuilderIsReusable()
{
	BatchBuilder builder({{"x", Type::Int64}});
	for (int batch = 0; batch < 3; ++batch)
	{
		for (int i = 0; i < 1000; ++i) builder.appendInt64(0, batch * 1000 + i);
		ArrowSchema schema;
		ArrowArray array;
		builder.finish(&schema, &array);
		CPPUNIT_ASSERT_EQUAL(int64_t(0), builder.rows());
		BatchReader r(&schema, &array);
		CPPUNIT_ASSERT_EQUAL(int64_t(1000), r.rows());
		CPPUNIT_ASSERT_EQUAL(int64_t(batch * 1000 + 999), r.getInt64(999, 0));
		schema.release(&schema);
		array.release(&array);
	}
}


void BatchTest::testTypeMismatchThrows()
{
	BatchBuilder builder({{"x", Type::Int64}});
	CPPUNIT_ASSERT_THROW(builder.appendString(0, "1"), std::logic_error);
	CPPUNIT_ASSERT_THROW(builder.appendInt64(1, 1), std::out_of_range);
	ArrowSchema schema{};
	schema.format = "l";
	ArrowArray array{};
	CPPUNIT_ASSERT_THROW(BatchReader(&schema, &array), std::runtime_error);
}


void BatchTest::testUnevenColumnsThrow()
{
	BatchBuilder builder({{"x", Type::Int64}, {"y", Type::String}});
	builder.appendInt64(0, 1);
	ArrowSchema schema;
	ArrowArray array;
	CPPUNIT_ASSERT_THROW(builder.finish(&schema, &array), std::logic_error);
}


void BatchTest::testReleaseFreesTheBatch()
{
	// Schema and array share the storage: releasing one leaves the other readable.
	BatchBuilder builder({{"s", Type::String}});
	builder.appendString(0, std::string(100000, 'x'));
	ArrowSchema schema;
	ArrowArray array;
	builder.finish(&schema, &array);
	schema.release(&schema);
	CPPUNIT_ASSERT(schema.release == nullptr);
	const int32_t* offsets = static_cast<const int32_t*>(array.children[0]->buffers[1]);
	const char* bytes = static_cast<const char*>(array.children[0]->buffers[2]);
	CPPUNIT_ASSERT_EQUAL(100000, offsets[1]);
	CPPUNIT_ASSERT_EQUAL('x', bytes[99999]);
	array.release(&array);
	CPPUNIT_ASSERT(array.release == nullptr);
}


CppUnit::Test* BatchTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BatchTest");
	POLYTOMIC_ADD_TEST(suite, BatchTest, testRoundTripEveryType);
	POLYTOMIC_ADD_TEST(suite, BatchTest, testArrowLayout);
	POLYTOMIC_ADD_TEST(suite, BatchTest, testBuilderIsReusable);
	POLYTOMIC_ADD_TEST(suite, BatchTest, testTypeMismatchThrows);
	POLYTOMIC_ADD_TEST(suite, BatchTest, testUnevenColumnsThrow);
	POLYTOMIC_ADD_TEST(suite, BatchTest, testReleaseFreesTheBatch);
	return suite;
}
