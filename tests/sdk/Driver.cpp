//
// Driver.cpp
//
// The test runner of sdk/.
//


#include "BatchTest.h"
#include "JsonTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Sdk");
	suite->addTest(JsonTest::suite());
	suite->addTest(BatchTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
