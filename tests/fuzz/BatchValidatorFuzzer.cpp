//
// BatchValidatorFuzzer.cpp
//
// Batches a plugin could hand over, built from the input: formats, lengths,
// offsets, null counts, buffer counts, children, metadata and the bytes of every
// buffer. Each buffer ends where its mapping ends (the next page is unmapped), as
// the C Data Interface carries no sizes: reading past what the input gave faults.
// The property: BatchValidator refuses the batch, or the kernel's reader
// (sdk::BatchReader) reads every cell of it without a fault.
//


#include "plugins/BatchValidator.h"
#include "polytomic/batch.hpp"
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>


using namespace polytomic;


namespace
{
	class Input
	{
	public:
		Input(const uint8_t* data, std::size_t size): _data(data), _size(size) {}

		uint8_t byte() { return _at < _size ? _data[_at++] : 0; }

		int64_t small(int64_t bound) { return static_cast<int64_t>(byte()) % bound; }

		std::vector<uint8_t> bytes(std::size_t n)
		{
			std::vector<uint8_t> out;
			while (n-- && _at < _size) out.push_back(_data[_at++]);
			return out;
		}

	private:
		const uint8_t* _data;
		std::size_t _size;
		std::size_t _at = 0;
	};


	class GuardedMemory
		/// Blocks that end right before an unmapped page; all freed at the end of one input.
	{
	public:
		~GuardedMemory()
		{
			for (const auto& [base, length]: _mappings) ::munmap(base, length);
		}

		void* place(const void* content, std::size_t size)
		{
			const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
			const std::size_t pages = (size + page - 1) / page + 1;
			auto* base = static_cast<char*>(::mmap(nullptr, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
			if (base == MAP_FAILED) return nullptr;
			::munmap(base + (pages - 1) * page, page);
			_mappings.emplace_back(base, (pages - 1) * page);
			char* start = base + (pages - 1) * page - size;
			if (size) std::memcpy(start, content, size);
			return start;
		}

		void* place(const std::vector<uint8_t>& content) { return place(content.data(), content.size()); }

	private:
		std::vector<std::pair<char*, std::size_t>> _mappings;
	};


	const char* const FORMATS[] = {"u", "l", "g", "b", "tdD", "tsu:UTC", "z", "n", "U", "+s", "tsu:", "w:4", "", nullptr};


	void noRelease(ArrowSchema*) {}
	void noReleaseArray(ArrowArray*) {}


	void readEveryCell(const ArrowSchema* schema, const ArrowArray* array)
	{
		sdk::BatchReader reader(schema, array);
		volatile std::size_t sink = 0;
		for (std::size_t column = 0; column < reader.columns(); ++column)
			for (int64_t row = 0; row < reader.rows(); ++row)
			{
				if (reader.isNull(row, column)) continue;
				switch (reader.field(column).type)
				{
				case sdk::Type::String:
				case sdk::Type::Decimal:
				case sdk::Type::Json:
				case sdk::Type::Binary:
				{
					const std::string_view text = reader.getString(row, column);
					for (char c: text) sink = sink + static_cast<unsigned char>(c);
					break;
				}
				case sdk::Type::Int64:
				case sdk::Type::Timestamp: sink = sink + static_cast<std::size_t>(reader.getInt64(row, column)); break;
				case sdk::Type::Float64: sink = sink + static_cast<std::size_t>(reader.getFloat64(row, column) != 0); break;
				case sdk::Type::Bool: sink = sink + reader.getBool(row, column); break;
				case sdk::Type::Date: sink = sink + static_cast<std::size_t>(reader.getDate(row, column)); break;
				case sdk::Type::Null: break;
				}
			}
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
	Input in(data, size);
	GuardedMemory memory;
	const int64_t columns = in.small(6);
	std::vector<ArrowSchema> schemas(static_cast<std::size_t>(columns));
	std::vector<ArrowArray> arrays(static_cast<std::size_t>(columns));
	std::vector<ArrowSchema*> schemaPointers;
	std::vector<ArrowArray*> arrayPointers;
	for (int64_t i = 0; i < columns; ++i)
	{
		ArrowSchema& s = schemas[static_cast<std::size_t>(i)];
		ArrowArray& a = arrays[static_cast<std::size_t>(i)];
		s = ArrowSchema{};
		a = ArrowArray{};
		s.format = FORMATS[in.small(sizeof(FORMATS) / sizeof(FORMATS[0]))];
		s.name = "column";
		s.flags = ARROW_FLAG_NULLABLE;
		s.n_children = in.small(4) == 0 ? 1 : 0;
		s.release = &noRelease;
		if (in.small(4) == 0) s.metadata = static_cast<const char*>(memory.place(in.bytes(static_cast<std::size_t>(in.small(40)))));
		a.length = in.small(40);
		a.offset = in.small(4);
		a.null_count = in.small(8) - 1;
		a.n_buffers = in.small(5);
		a.n_children = in.small(6) == 0 ? 1 : 0;
		a.release = &noReleaseArray;
		std::vector<const void*> buffers;
		for (int64_t b = 0; b < 3; ++b)
			buffers.push_back(in.small(8) == 0 ? nullptr : memory.place(in.bytes(static_cast<std::size_t>(in.byte()))));
		a.buffers = static_cast<const void**>(memory.place(buffers.data(), static_cast<std::size_t>(in.small(4)) * sizeof(void*)));
		schemaPointers.push_back(&s);
		arrayPointers.push_back(&a);
	}

	ArrowSchema root{};
	root.format = in.small(8) == 0 ? "+l" : "+s";
	root.name = "";
	root.n_children = columns + (in.small(8) == 0 ? 1 : 0);
	root.children = static_cast<ArrowSchema**>(memory.place(schemaPointers.data(), schemaPointers.size() * sizeof(void*)));
	root.release = &noRelease;
	ArrowArray batch{};
	batch.length = in.small(40);
	batch.offset = in.small(3);
	batch.null_count = in.small(4) == 0 ? 1 : 0;
	batch.n_buffers = 1;
	const void* rootValidity = in.small(4) == 0 ? memory.place(in.bytes(8)) : nullptr;
	batch.buffers = static_cast<const void**>(memory.place(&rootValidity, sizeof(void*)));
	batch.n_children = columns + (in.small(8) == 0 ? 1 : 0);
	batch.children = static_cast<ArrowArray**>(memory.place(arrayPointers.data(), arrayPointers.size() * sizeof(void*)));
	batch.release = &noReleaseArray;

	try
	{
		plugins::BatchValidator::validate(&root, &batch);
	}
	catch (const plugins::MalformedBatch&)
	{
		return 0;
	}
	readEveryCell(&root, &batch);
	return 0;
}
