//
// Driver.cpp
//
// The test runner of kernel/http.
//


#include "AuditTrailTest.h"
#include "BulkSyncHandlersTest.h"
#include "HttpServerTest.h"
#include "OpenApiTest.h"
#include "PaginationTest.h"
#include "ParseBudgetTest.h"
#include "RouterTest.h"
#include "SignedUrlTest.h"
#include "StatusHandlersTest.h"
#include "WebAppHandlersTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("Http");
	suite->addTest(RouterTest::suite());
	suite->addTest(HttpServerTest::suite());
	suite->addTest(StatusHandlersTest::suite());
	suite->addTest(AuditTrailTest::suite());
	suite->addTest(ParseBudgetTest::suite());
	suite->addTest(OpenApiTest::suite());
	suite->addTest(PaginationTest::suite());
	suite->addTest(BulkSyncHandlersTest::suite());
	suite->addTest(SignedUrlTest::suite());
	suite->addTest(WebAppHandlersTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
