//
// BatchValidator.h
//
// Definition of the BatchValidator class.
//


#ifndef Polytomic_Plugins_BatchValidator_INCLUDED
#define Polytomic_Plugins_BatchValidator_INCLUDED


#include "polytomic/connector.h"
#include <cstdint>
#include <stdexcept>
#include <string>


namespace polytomic {
namespace plugins {


class MalformedBatch: public std::runtime_error
	/// A batch from plugin code breaks the layout the kernel reads; the message
	/// names the field and what is wrong, for the connector author.
{
public:
	using std::runtime_error::runtime_error;
};


class BatchValidator
	/// Checks a batch (ArrowSchema + ArrowArray) that plugin code handed to the
	/// kernel before anything reads it, so that a buggy or malicious connector gets
	/// a clear error instead of the kernel reading out of bounds: the root is a
	/// struct ("+s") of primitive columns in the formats the SDK reads (u l g b tdD
	/// tsu:<zone> z n; not U, whose 64-bit offsets the SDK does not read), children
	/// and buffers are counted as the format requires and present, lengths,
	/// offsets and null counts are in range, string offsets start at 0 or more and
	/// never decrease, metadata lengths are sane, and every buffer's extent, as the
	/// lengths and offsets claim it, is mapped memory. The C Data Interface carries
	/// no buffer sizes: a buffer shorter than its lengths claim, followed by other
	/// mapped memory, cannot be told apart from a correct one.
{
public:
	static constexpr int64_t MAX_ROWS = int64_t(1) << 31;
		/// Rows (and offsets) of a batch; 32-bit string offsets address no more.
	static constexpr int64_t MAX_COLUMNS = 10000;
	static constexpr int32_t MAX_METADATA_PAIRS = 1024;
	static constexpr int32_t MAX_METADATA_BYTES = 1 << 20; /// of one key or value

	static void validate(const ArrowSchema* schema, const ArrowArray* array);
		/// Throws MalformedBatch saying what is wrong, naming the field.

	static bool mapped(const void* address, std::size_t bytes);
		/// Whether every page of [address, address + bytes) is mapped in this process.
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_BatchValidator_INCLUDED
