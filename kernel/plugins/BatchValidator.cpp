//
// BatchValidator.cpp
//


#include "plugins/BatchValidator.h"
#include <cstdint>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sys/mman.h>
#include <unistd.h>


namespace polytomic {
namespace plugins {


namespace
{
	enum class Layout
	{
		NOTHING,  /// n: no buffers
		BITS,     /// b: validity, bit-packed values
		FIXED,    /// l g tdD tsu: validity, values of a fixed width
		VARIABLE  /// u z: validity, int32 offsets, bytes
	};


	struct Format
	{
		Layout layout;
		std::size_t width; /// bytes of one value (FIXED)
	};


	[[noreturn]] void refuse(const std::string& where, const std::string& problem)
	{
		throw MalformedBatch(where + ": " + problem);
	}


	void require(bool holds, const std::string& where, const std::string& problem)
	{
		if (!holds) refuse(where, problem);
	}


	std::optional<std::string> boundedText(const char* text, std::size_t max)
		/// The NUL-terminated text, read only where mapped; nothing when it is unmapped
		/// or longer than max.
	{
		if (!text) return std::nullopt;
		const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
		std::string out;
		for (const char* p = text; out.size() <= max; ++p)
		{
			if (p == text || reinterpret_cast<std::uintptr_t>(p) % page == 0)
				if (!BatchValidator::mapped(p, 1)) return std::nullopt;
			if (*p == '\0') return out;
			out += *p;
		}
		return std::nullopt;
	}


	Format formatOf(const std::string& format, const std::string& where)
	{
		if (format == "n") return {Layout::NOTHING, 0};
		if (format == "b") return {Layout::BITS, 0};
		if (format == "l" || format == "g" || format.rfind("tsu:", 0) == 0) return {Layout::FIXED, 8};
		if (format == "tdD") return {Layout::FIXED, 4};
		if (format == "u" || format == "z") return {Layout::VARIABLE, 0};
		if (format == "U" || format == "Z")
			refuse(where, "format '" + format + "' (64-bit offsets) is not supported; emit 'u' or 'z' (32-bit offsets), as the SDK's BatchBuilder does");
		refuse(where, "unsupported Arrow format '" + format + "'; the SDK's types use u l g b tdD tsu:<zone> z n");
	}


	void validateMetadata(const char* metadata, const std::string& where)
		/// Arrow's encoding: int32 count, then (int32 length, bytes) for each key and value.
	{
		if (!metadata) return;
		const char* p = metadata;
		const auto next = [&](const char* what) {
			require(BatchValidator::mapped(p, sizeof(int32_t)), where, std::string("metadata ends before its ") + what);
			int32_t n;
			std::memcpy(&n, p, sizeof(n));
			p += sizeof(n);
			return n;
		};
		const int32_t pairs = next("count");
		require(pairs >= 0 && pairs <= BatchValidator::MAX_METADATA_PAIRS, where,
			"metadata claims " + std::to_string(pairs) + " entries (0 to " + std::to_string(BatchValidator::MAX_METADATA_PAIRS) + ")");
		for (int32_t i = 0; i < 2 * pairs; ++i)
		{
			const int32_t length = next(i % 2 ? "value length" : "key length");
			require(length >= 0 && length <= BatchValidator::MAX_METADATA_BYTES, where,
				"metadata entry " + std::to_string(i / 2) + " claims a length of " + std::to_string(length) + " bytes");
			require(BatchValidator::mapped(p, static_cast<std::size_t>(length)), where,
				"metadata entry " + std::to_string(i / 2) + " runs past its memory");
			p += length;
		}
	}


	void validateCounts(const ArrowArray& array, const std::string& where)
	{
		require(array.length >= 0 && array.length <= BatchValidator::MAX_ROWS, where,
			"length " + std::to_string(array.length) + " is out of range (0 to " + std::to_string(BatchValidator::MAX_ROWS) + ")");
		require(array.offset >= 0 && array.offset <= BatchValidator::MAX_ROWS, where,
			"offset " + std::to_string(array.offset) + " is out of range (0 to " + std::to_string(BatchValidator::MAX_ROWS) + ")");
		require(array.null_count >= -1 && array.null_count <= array.length, where,
			"null_count " + std::to_string(array.null_count) + " is out of range (-1 to its length, " + std::to_string(array.length) + ")");
		require(!array.dictionary, where, "dictionary-encoded arrays are not supported");
	}


	const void* buffer(const ArrowArray& array, int64_t index)
	{
		return array.buffers[index];
	}


	void requireBuffer(const void* data, std::size_t bytes, const std::string& where, const std::string& name)
	{
		if (bytes == 0) return;
		require(data != nullptr, where, "its " + name + " buffer is missing (null)");
		require(BatchValidator::mapped(data, bytes), where, "its " + name + " buffer (" + std::to_string(bytes) +
			" bytes, as its length and offsets claim) is not in the plugin's memory");
	}


	void requireAligned(const void* data, std::size_t alignment, const std::string& where, const std::string& name)
		/// The kernel reads values of its buffers as the types they hold: a misaligned one is undefined behaviour.
	{
		require(reinterpret_cast<std::uintptr_t>(data) % alignment == 0, where,
			"its " + name + " buffer is not aligned to " + std::to_string(alignment) + " bytes (the Arrow C data interface requires the type's alignment)");
	}


	void validateOffsets(const ArrowArray& array, int64_t extent, const std::string& where)
	{
		const std::size_t count = static_cast<std::size_t>(extent) + 1;
		requireBuffer(buffer(array, 1), count * sizeof(int32_t), where, "offsets");
		requireAligned(buffer(array, 1), alignof(int32_t), where, "offsets");
		const auto* offsets = static_cast<const int32_t*>(buffer(array, 1));
		require(offsets[array.offset] >= 0, where, "offset " + std::to_string(offsets[array.offset]) + " of row 0 is negative");
		// Once per row: the message is built only for the row that breaks the rule.
		for (int64_t i = array.offset; i < extent; ++i)
			if (offsets[i + 1] < offsets[i])
				refuse(where, "offsets decrease at row " + std::to_string(i - array.offset) + " (" + std::to_string(offsets[i]) + " then " +
					std::to_string(offsets[i + 1]) + ")");
		requireBuffer(buffer(array, 2), static_cast<std::size_t>(offsets[extent]), where, "data");
	}


	void validateColumn(const ArrowSchema& schema, const ArrowArray& array, const ArrowArray& batch, const std::string& where)
	{
		const auto format = boundedText(schema.format, 64);
		require(format.has_value(), where, "its format is missing or unreadable");
		const Format layout = formatOf(*format, where);
		validateMetadata(schema.metadata, where);
		require(schema.n_children == 0 && array.n_children == 0, where, "a column of format '" + *format + "' has no children (it has " +
			std::to_string(schema.n_children) + " in its schema, " + std::to_string(array.n_children) + " in its array)");
		require(!schema.dictionary, where, "dictionary-encoded columns are not supported");
		validateCounts(array, where);
		require(array.length >= batch.offset + batch.length, where, "it has " + std::to_string(array.length) +
			" rows, fewer than the batch's " + std::to_string(batch.offset + batch.length));

		const int64_t buffers = layout.layout == Layout::NOTHING ? 0 : layout.layout == Layout::VARIABLE ? 3 : 2;
		require(array.n_buffers == buffers, where, "format '" + *format + "' has " + std::to_string(buffers) + " buffers, not " +
			std::to_string(array.n_buffers));
		if (buffers == 0 || array.length == 0) return; // nothing of it is ever read
		require(array.buffers && BatchValidator::mapped(array.buffers, static_cast<std::size_t>(buffers) * sizeof(void*)), where,
			"its list of buffers is missing or unreadable");
		const int64_t extent = array.offset + array.length; // every index the kernel may read is below this
		const std::size_t bitmapBytes = static_cast<std::size_t>((extent + 7) / 8);
		if (buffer(array, 0)) requireBuffer(buffer(array, 0), bitmapBytes, where, "validity");
		else require(array.null_count <= 0, where, "it counts " + std::to_string(array.null_count) + " nulls but has no validity buffer");
		if (layout.layout == Layout::BITS) requireBuffer(buffer(array, 1), bitmapBytes, where, "values");
		if (layout.layout == Layout::FIXED)
		{
			requireBuffer(buffer(array, 1), static_cast<std::size_t>(extent) * layout.width, where, "values");
			requireAligned(buffer(array, 1), layout.width, where, "values");
		}
		if (layout.layout == Layout::VARIABLE) validateOffsets(array, extent, where);
	}


	std::string columnName(const ArrowSchema* schema, int64_t index)
	{
		const auto name = schema ? boundedText(schema->name, 1024) : std::nullopt;
		return "field " + (name ? "'" + *name + "'" : std::to_string(index));
	}
}


bool BatchValidator::mapped(const void* address, std::size_t bytes)
{
	if (bytes == 0) return true;
	if (!address) return false;
	const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
	const auto start = reinterpret_cast<std::uintptr_t>(address) / page * page;
	const auto end = reinterpret_cast<std::uintptr_t>(address) + bytes;
	if (end < start) return false;
	// mincore fails with ENOMEM when a page of the range is not mapped; it reads nothing.
	unsigned char residency[1024];
	for (std::uintptr_t chunk = start; chunk < end; chunk += sizeof(residency) * page)
	{
		const std::uintptr_t length = std::min<std::uintptr_t>(end - chunk, sizeof(residency) * page);
		if (::mincore(reinterpret_cast<void*>(chunk), length, residency) != 0 && errno == ENOMEM) return false;
	}
	return true;
}


void BatchValidator::validate(const ArrowSchema* schema, const ArrowArray* array)
{
	const std::string batch = "the batch";
	require(schema && mapped(schema, sizeof(ArrowSchema)) && array && mapped(array, sizeof(ArrowArray)), batch,
		"its schema or array is missing");
	const auto format = boundedText(schema->format, 64);
	require(format && *format == "+s", batch, "it must be an Arrow struct array (format \"+s\"), not \"" + format.value_or("?") + "\"");
	validateMetadata(schema->metadata, batch);
	require(!schema->dictionary, batch, "a dictionary-encoded batch is not supported");
	validateCounts(*array, batch);
	require(schema->n_children >= 0 && schema->n_children <= MAX_COLUMNS, batch,
		"its schema claims " + std::to_string(schema->n_children) + " fields (0 to " + std::to_string(MAX_COLUMNS) + ")");
	require(array->n_children == schema->n_children, batch, "its schema has " + std::to_string(schema->n_children) +
		" fields but its array " + std::to_string(array->n_children) + " columns");
	require(array->n_buffers == 1, batch, "a struct array has 1 buffer (validity), not " + std::to_string(array->n_buffers));
	require(array->buffers && mapped(array->buffers, sizeof(void*)), batch, "its list of buffers is missing or unreadable");
	require(!array->buffers[0] || array->null_count == 0, batch,
		"rows of the batch itself cannot be null (its validity buffer marks " + std::to_string(array->null_count) + "); mark each field null instead");
	const std::size_t pointers = static_cast<std::size_t>(schema->n_children) * sizeof(void*);
	require(pointers == 0 || (schema->children && mapped(schema->children, pointers) && array->children && mapped(array->children, pointers)),
		batch, "its list of fields is missing or unreadable");
	for (int64_t i = 0; i < schema->n_children; ++i)
	{
		const ArrowSchema* childSchema = schema->children[i];
		const ArrowArray* childArray = array->children[i];
		const bool present = childSchema && mapped(childSchema, sizeof(ArrowSchema)) && childArray && mapped(childArray, sizeof(ArrowArray));
		const std::string where = columnName(present ? childSchema : nullptr, i);
		require(present, where, "its schema or array is missing");
		validateColumn(*childSchema, *childArray, *array, where);
	}
}


} } // namespace polytomic::plugins
