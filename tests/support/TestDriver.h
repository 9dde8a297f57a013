//
// TestDriver.h
//
// Definition of the runTests function, the body of every test runner's main().
//


#ifndef Polytomic_Test_TestDriver_INCLUDED
#define Polytomic_Test_TestDriver_INCLUDED


#include <cppunit/Test.h>
#include <cppunit/TestCaller.h>
#include <cppunit/TestSuite.h>


#define POLYTOMIC_ADD_TEST(suite, Fixture, method) \
	(suite)->addTest(new CppUnit::TestCaller<Fixture>(#Fixture "::" #method, &Fixture::method))
	/// Adds one test method, named "Fixture::method" in the runner's output.


namespace polytomic {
namespace test {


int runTests(CppUnit::Test* suite, int argc, char** argv);
	/// Runs the suite (or the test path given as the first argument), prints
	/// each test's result, the failures, and as the last line "N passed, N failed".
	/// Returns non-zero when anything failed or when no test ran.


} } // namespace polytomic::test


#endif // Polytomic_Test_TestDriver_INCLUDED
