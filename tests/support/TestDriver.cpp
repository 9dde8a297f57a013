//
// TestDriver.cpp
//


#include "support/TestDriver.h"
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <iostream>
#include <stdexcept>


namespace polytomic {
namespace test {


int runTests(CppUnit::Test* suite, int argc, char** argv)
{
	CppUnit::TestResult controller;
	CppUnit::TestResultCollector collector;
	CppUnit::BriefTestProgressListener progress;
	controller.addListener(&collector);
	controller.addListener(&progress);
	CppUnit::TestRunner runner;
	runner.addTest(suite);
	try
	{
		runner.run(controller, argc > 1 ? argv[1] : "");
	}
	catch (const std::invalid_argument& e)
	{
		std::cerr << "no such test: " << e.what() << std::endl;
		std::cout << "0 passed, 1 failed" << std::endl;
		return 2;
	}
	CppUnit::CompilerOutputter(&collector, std::cerr).write();
	const int run = collector.runTests();
	const int failed = collector.testFailuresTotal();
	std::cout << (run - failed) << " passed, " << (run == 0 ? 1 : failed) << " failed" << std::endl;
	return failed == 0 && run > 0 ? 0 : 1;
}


} } // namespace polytomic::test
