//
// BatchValidatorTest.cpp
//


#include "BatchValidatorTest.h"
#include "plugins/BatchValidator.h"
#include "polytomic/batch.hpp"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <functional>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>


using namespace polytomic;
using namespace polytomic::plugins;


namespace
{
	struct HandMade
		/// A correct batch of 10 rows (id int64, label string, flag bool, day date, nothing null),
		/// for a test to break before validating it.
	{
		ArrowSchema schema;
		ArrowArray array;

		HandMade()
		{
			sdk::BatchBuilder builder({{"id", sdk::Type::Int64, false}, {"label", sdk::Type::String}, {"flag", sdk::Type::Bool},
				{"day", sdk::Type::Date}, {"nothing", sdk::Type::Null}});
			for (int row = 0; row < 10; ++row)
			{
				builder.appendInt64(0, row);
				if (row == 3) builder.appendNull(1);
				else builder.appendString(1, "row " + std::to_string(row));
				builder.appendBool(2, row % 2 == 0);
				builder.appendDate(3, 19000 + row);
				builder.appendNull(4);
			}
			builder.finish(&schema, &array);
			_schema = schema;
			_array = array;
			for (int64_t i = 0; i < schema.n_children; ++i)
			{
				_childSchemas.push_back(*schema.children[i]);
				_childArrays.push_back(*array.children[i]);
				_childArrayPointers.push_back(array.children[i]);
			}
		}

		~HandMade()
			/// Undoes what the test broke, so that the batch releases as built.
		{
			schema = _schema;
			array = _array;
			for (std::size_t i = 0; i < _childSchemas.size(); ++i)
			{
				array.children[i] = _childArrayPointers[i];
				*schema.children[i] = _childSchemas[i];
				*array.children[i] = _childArrays[i];
			}
			schema.release(&schema);
			array.release(&array);
		}

		ArrowArray& column(int i) { return *array.children[i]; }
		int32_t* offsets() { return const_cast<int32_t*>(static_cast<const int32_t*>(column(1).buffers[1])); }

	private:
		ArrowSchema _schema;
		ArrowArray _array;
		std::vector<ArrowSchema> _childSchemas;
		std::vector<ArrowArray> _childArrays;
		std::vector<ArrowArray*> _childArrayPointers;
	};


	std::string problem(const std::function<void(HandMade&)>& breakIt)
	{
		HandMade batch;
		breakIt(batch);
		try
		{
			BatchValidator::validate(&batch.schema, &batch.array);
		}
		catch (const MalformedBatch& e)
		{
			return e.what();
		}
		return "<valid>";
	}
}


void BatchValidatorTest::testWellFormedBatchesPass()
{
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem([](HandMade&) {}));
	// A window of the batch (offsets on the struct and on a column) is well-formed too.
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem([](HandMade& b) {
		b.array.offset = 2;
		b.array.length = 8;
	}));
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem([](HandMade& b) {
		b.array.length = 0;
		for (int i = 0; i < 5; ++i) b.column(i).length = b.column(i).null_count = 0;
	}));
	sdk::BatchBuilder empty({});
	ArrowSchema schema;
	ArrowArray array;
	empty.finish(&schema, &array);
	CPPUNIT_ASSERT_NO_THROW(BatchValidator::validate(&schema, &array));
	schema.release(&schema);
	array.release(&array);
}


void BatchValidatorTest::testRootMustBeAStruct()
{
	CPPUNIT_ASSERT_THROW(BatchValidator::validate(nullptr, nullptr), MalformedBatch);
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: it must be an Arrow struct array (format \"+s\"), not \"l\""),
		problem([](HandMade& b) { b.schema.format = "l"; }));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: it must be an Arrow struct array (format \"+s\"), not \"?\""),
		problem([](HandMade& b) { b.schema.format = nullptr; }));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: rows of the batch itself cannot be null (its validity buffer marks 2); mark each field null instead"),
		problem([](HandMade& b) {
			static const uint8_t validity[2] = {0xF0, 0xFF};
			b.array.buffers[0] = validity;
			b.array.null_count = 2;
		}));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: a struct array has 1 buffer (validity), not 3"), problem([](HandMade& b) { b.array.n_buffers = 3; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': dictionary-encoded columns are not supported"),
		problem([](HandMade& b) { b.schema.children[0]->dictionary = &b.schema; }));
}


void BatchValidatorTest::testCountsMustAgree()
{
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: its schema has 5 fields but its array 4 columns"), problem([](HandMade& b) { b.array.n_children = 4; }));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: its schema claims -1 fields (0 to 10000)"), problem([](HandMade& b) {
		b.schema.n_children = -1;
		b.array.n_children = -1;
	}));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: length -4 is out of range (0 to 2147483648)"), problem([](HandMade& b) { b.array.length = -4; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': it has 10 rows, fewer than the batch's 12"), problem([](HandMade& b) { b.array.offset = 2; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'day': a column of format 'tdD' has no children (it has 1 in its schema, 0 in its array)"),
		problem([](HandMade& b) { b.schema.children[3]->n_children = 1; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 1: its schema or array is missing"), problem([](HandMade& b) { b.array.children[1] = nullptr; }));
}


void BatchValidatorTest::testBuffersMustBeThere()
{
	CPPUNIT_ASSERT_EQUAL(std::string("field 'flag': format 'b' has 2 buffers, not 3"), problem([](HandMade& b) { b.column(2).n_buffers = 3; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'nothing': format 'n' has 0 buffers, not 2"), problem([](HandMade& b) { b.column(4).n_buffers = 2; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'day': its values buffer is missing (null)"), problem([](HandMade& b) { b.column(3).buffers[1] = nullptr; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': its data buffer is missing (null)"), problem([](HandMade& b) { b.column(1).buffers[2] = nullptr; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': its list of buffers is missing or unreadable"),
		problem([](HandMade& b) { b.column(1).buffers = nullptr; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': its values buffer (80 bytes, as its length and offsets claim) is not in the plugin's memory"),
		problem([](HandMade& b) { b.column(0).buffers[1] = reinterpret_cast<const void*>(uintptr_t(16)); }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'weird': unsupported Arrow format 'w:16'; the SDK's types use u l g b tdD tsu:<zone> z n"),
		problem([](HandMade& b) {
			b.schema.children[0]->format = "w:16";
			b.schema.children[0]->name = "weird";
		}));
}


void BatchValidatorTest::testOffsetsMustStayInRange()
{
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': offsets decrease at row 4 (15 then 3)"), problem([](HandMade& b) { b.offsets()[5] = 3; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': offset -7 of row 0 is negative"), problem([](HandMade& b) { b.offsets()[0] = -7; }));
	// Found by the BatchValidator fuzzer: a buffer one byte off its type's alignment was read as int32 values.
	std::vector<char> shifted(64 * sizeof(int32_t) + 1, 0);
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': its offsets buffer is not aligned to 4 bytes (the Arrow C data interface requires the type's alignment)"),
		problem([&](HandMade& b) { b.column(1).buffers[1] = shifted.data() + 1; }));
	std::vector<char> values(64 * sizeof(int64_t) + 1, 0);
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': its values buffer is not aligned to 8 bytes (the Arrow C data interface requires the type's alignment)"),
		problem([&](HandMade& b) { b.column(0).buffers[1] = values.data() + 1; }));
	// The window's first offset counts, not the buffer's.
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': offset -7 of row 0 is negative"), problem([](HandMade& b) {
		b.offsets()[2] = -7;
		b.column(1).offset = 2;
		b.column(1).length = 8;
		b.array.length = 8;
	}));
	// The data buffer ends where its mapping ends, with 2 GB unmapped after it: past a heap buffer
	// AddressSanitizer's allocator keeps terabytes mapped (reserved), which mincore counts as memory.
	const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
	const std::size_t hole = std::size_t(2000000000) + page;
	auto* data = static_cast<char*>(::mmap(nullptr, page + hole, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
	CPPUNIT_ASSERT(data != MAP_FAILED);
	::munmap(data + page, hole);
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': its data buffer (2000000000 bytes, as its length and offsets claim) is not in the plugin's memory"),
		problem([&](HandMade& b) {
			b.column(1).buffers[2] = data;
			b.offsets()[10] = 2000000000;
		}));
	::munmap(data, page);
}


void BatchValidatorTest::testLargeOffsetsAreRefused()
{
	const std::string refusal = "field 'label': format 'U' (64-bit offsets) is not supported; emit 'u' or 'z' (32-bit offsets), as the SDK's "
		"BatchBuilder does";
	CPPUNIT_ASSERT_EQUAL(refusal, problem([](HandMade& b) { b.schema.children[1]->format = "U"; }));
	// The SDK's reader refuses it too, rather than reading 64-bit offsets as 32-bit ones.
	HandMade batch;
	batch.schema.children[1]->format = "U";
	CPPUNIT_ASSERT_THROW(sdk::BatchReader(&batch.schema, &batch.array), std::runtime_error);
}


void BatchValidatorTest::testNullCounts()
{
	CPPUNIT_ASSERT_EQUAL(std::string("field 'label': null_count 11 is out of range (-1 to its length, 10)"),
		problem([](HandMade& b) { b.column(1).null_count = 11; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': it counts 2 nulls but has no validity buffer"), problem([](HandMade& b) { b.column(0).null_count = 2; }));
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem([](HandMade& b) { b.column(1).null_count = -1; })); // unknown: the bitmap says
}


void BatchValidatorTest::testMetadataLengths()
{
	static const int32_t negative[] = {1, -5, 0};
	static const int32_t tooMany[] = {1 << 30};
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': metadata entry 0 claims a length of -5 bytes"),
		problem([](HandMade& b) { b.schema.children[0]->metadata = reinterpret_cast<const char*>(negative); }));
	CPPUNIT_ASSERT_EQUAL(std::string("the batch: metadata claims 1073741824 entries (0 to 1024)"),
		problem([](HandMade& b) { b.schema.metadata = reinterpret_cast<const char*>(tooMany); }));
	// The SDK's reader of metadata no longer turns a negative length into a huge string.
	HandMade batch;
	batch.schema.children[0]->metadata = reinterpret_cast<const char*>(negative);
	CPPUNIT_ASSERT_THROW(sdk::BatchReader(&batch.schema, &batch.array), std::runtime_error);
}


void BatchValidatorTest::testBufferPastMappedMemory()
{
	// A value buffer that ends where the mapping ends, then a column claiming one row more.
	const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
	auto* pages = static_cast<char*>(::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	CPPUNIT_ASSERT(pages != MAP_FAILED);
	::munmap(pages + page, page);
	const void* lastTenValues = pages + page - 10 * sizeof(int64_t);
	CPPUNIT_ASSERT_EQUAL(std::string("<valid>"), problem([&](HandMade& b) { b.column(0).buffers[1] = lastTenValues; }));
	CPPUNIT_ASSERT_EQUAL(std::string("field 'id': its values buffer (88 bytes, as its length and offsets claim) is not in the plugin's memory"),
		problem([&](HandMade& b) {
			b.column(0).buffers[1] = lastTenValues;
			b.column(0).offset = 1;
		}));
	CPPUNIT_ASSERT(!BatchValidator::mapped(pages + page, 1));
	CPPUNIT_ASSERT(BatchValidator::mapped(pages, page));
	::munmap(pages, page);
}


CppUnit::Test* BatchValidatorTest::suite()
{
	auto* suite = new CppUnit::TestSuite("BatchValidatorTest");
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testWellFormedBatchesPass);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testRootMustBeAStruct);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testCountsMustAgree);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testBuffersMustBeThere);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testOffsetsMustStayInRange);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testLargeOffsetsAreRefused);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testNullCounts);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testMetadataLengths);
	POLYTOMIC_ADD_TEST(suite, BatchValidatorTest, testBufferPastMappedMemory);
	return suite;
}
