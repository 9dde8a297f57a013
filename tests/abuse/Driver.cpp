//
// Driver.cpp
//
// The test runner of the abuse suite: a real server attacked over real sockets.
//


#include "ServerAbuseTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Abuse");
	suite->addTest(ServerAbuseTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
