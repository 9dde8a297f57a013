//
// Utf8RepairTest.cpp
//


#include "Utf8RepairTest.h"
#include "plugins/Utf8Repair.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using polytomic::plugins::repairUtf8;


void Utf8RepairTest::testValidTextIsUnchanged()
{
	for (const std::string& text: {std::string(), std::string("plain"), std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF")})
		CPPUNIT_ASSERT_EQUAL(text, repairUtf8(text));
}


void Utf8RepairTest::testInvalidSequencesAreReplaced()
{
	const std::string replacement = "\xEF\xBF\xBD";
	CPPUNIT_ASSERT_EQUAL("caf" + replacement, repairUtf8("caf\xC3"));                   // a character cut in two
	CPPUNIT_ASSERT_EQUAL("a" + replacement + "b", repairUtf8("a\xFF" "b"));             // a stray byte
	CPPUNIT_ASSERT_EQUAL(replacement + replacement, repairUtf8("\xC0\xAF"));           // over-long
	CPPUNIT_ASSERT_EQUAL(replacement + replacement + replacement, repairUtf8("\xED\xA0\x80")); // a surrogate
	CPPUNIT_ASSERT_EQUAL(replacement + replacement + replacement + replacement, repairUtf8("\xF4\x90\x80\x80")); // beyond U+10FFFF
	CPPUNIT_ASSERT_EQUAL("a" + replacement + "b", repairUtf8(std::string("a\0b", 3)));  // NUL, which PostgreSQL text cannot hold
	CPPUNIT_ASSERT_EQUAL(replacement + replacement + "x", repairUtf8("\xE2\x82x"));     // three bytes expected, two came
}


CppUnit::Test* Utf8RepairTest::suite()
{
	auto* suite = new CppUnit::TestSuite("Utf8RepairTest");
	POLYTOMIC_ADD_TEST(suite, Utf8RepairTest, testValidTextIsUnchanged);
	POLYTOMIC_ADD_TEST(suite, Utf8RepairTest, testInvalidSequencesAreReplaced);
	return suite;
}
