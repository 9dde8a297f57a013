//
// Driver.cpp
//
// The test runner of the Google Sheets connector (plugins/gsheets), against
// the Google fake (OAuth, Sheets API v4, Drive API v3).
//


#include "SheetsOAuthTest.h"
#include "SheetsReadTest.h"
#include "SheetsSyncTest.h"
#include "support/TestDriver.h"


int main(int argc, char** argv)
{
	auto* suite = new CppUnit::TestSuite("GoogleSheetsConnector");
	suite->addTest(SheetsOAuthTest::suite());
	suite->addTest(SheetsReadTest::suite());
	suite->addTest(SheetsSyncTest::suite());
	return polytomic::test::runTests(suite, argc, argv);
}
