//
// Sanitizer.h
//
// Definition of the Sanitizer class.
//


#ifndef Polytomic_Test_Sanitizer_INCLUDED
#define Polytomic_Test_Sanitizer_INCLUDED


#include <string>


namespace polytomic {
namespace test {


class Sanitizer
	/// The sanitizer the tests were built with (tests/sanitize.sh, -DPOLYTOMIC_SANITIZE), for the
	/// few tests whose bounds or expectations a sanitizer changes. Such a test still runs in that
	/// build and says in its output what it checks differently; in a plain build nothing changes.
{
public:
	static std::string name();
		/// "address,undefined", "thread", or "" in a plain build.

	static bool address();
		/// AddressSanitizer (tests/sanitize.sh asan): it catches a crash's signal itself, and maps
		/// terabytes of shadow memory and allocator space up front.

	static bool thread();
		/// ThreadSanitizer (tests/sanitize.sh tsan).

	static constexpr long MEMORY_FACTOR = 2;
		/// How much more memory a bound allows under a sanitizer: ASan's redzones and its
		/// quarantine of freed memory (256 MB), TSan's shadow of every byte touched. Measured on
		/// the abuse and request-validation bounds: 1.2 to 1.4 times the plain build's peak.

	static long memoryBound(long kilobytes);
		/// kilobytes in a plain build; MEMORY_FACTOR times that under a sanitizer (and says so).

	static constexpr long SLOWDOWN = 5;
		/// How much longer a latency bound allows under a sanitizer: TSan's documented slowdown
		/// is 5 to 15 times, ASan's about 2 (the test machine's own load comes on top).

	static long timeBound(long milliseconds);
		/// milliseconds in a plain build; SLOWDOWN times that under a sanitizer (and says so).

	static bool skips(const std::string& what);
		/// Under a sanitizer: prints that what is not checked in this build, and why the caller
		/// gave, and returns true. In a plain build returns false.
};


} } // namespace polytomic::test


#endif // Polytomic_Test_Sanitizer_INCLUDED
