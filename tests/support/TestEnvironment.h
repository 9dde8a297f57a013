//
// TestEnvironment.h
//
// Definition of the TestEnvironment class.
//


#ifndef Polytomic_Test_TestEnvironment_INCLUDED
#define Polytomic_Test_TestEnvironment_INCLUDED


#include <string>


namespace polytomic {
namespace test {


class TestEnvironment
	/// The services the test script (tests/run.sh) started, read from POLYTOMIC_TEST_*.
	/// A missing variable throws: a test that needs a service that is not running fails.
{
public:
	static std::string require(const std::string& name);

	static std::string binary();
		/// The polytomic executable under test (POLYTOMIC_BIN).

	static std::string sourceDir();
		/// The checkout (POLYTOMIC_SOURCE_DIR).

	static unsigned freePort();
		/// A loopback TCP port nobody listens on right now.

	static std::string redisServer();
		/// Path of redis-server, for tests that start (and kill) their own.

	static std::string unreachablePostgresUrl();
		/// A postgres:// URL of a loopback port nobody listens on.

	static int shell(const std::string& command);
		/// Runs a shell command; returns its exit status.
};


} } // namespace polytomic::test


#endif // Polytomic_Test_TestEnvironment_INCLUDED
