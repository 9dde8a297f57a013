//
// ModelServiceTest.cpp
//


#include "ModelServiceTest.h"
#include "engine/ModelService.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using polytomic::engine::ModelService;


namespace
{
	json::Value rows(int count, std::size_t width)
	{
		json::Value out = json::Value::array();
		for (int i = 0; i < count; ++i)
		{
			json::Value row = json::Value::object();
			row.set("text", std::string(width, 'x'));
			out.push(row);
		}
		return out;
	}
}


void ModelServiceTest::testBoundedKeepsWhatFits()
{
	bool truncated = false;
	const json::Value kept = ModelService::bounded(rows(100, 1000), 10000, truncated);
	CPPUNIT_ASSERT(truncated);
	CPPUNIT_ASSERT(kept.size() > 0 && kept.size() < 10);
	CPPUNIT_ASSERT(kept.dump().size() <= 10000);
	// A single row larger than the bound leaves nothing rather than breaking it.
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), ModelService::bounded(rows(1, 20000), 10000, truncated).size());
	CPPUNIT_ASSERT(truncated);
}


void ModelServiceTest::testBoundedUntouchedWhenSmall()
{
	bool truncated = true;
	const json::Value all = rows(5, 10);
	CPPUNIT_ASSERT_EQUAL(all.dump(), ModelService::bounded(all, ModelService::QUERY_RESULT_BYTES, truncated).dump());
	CPPUNIT_ASSERT(!truncated);
}


CppUnit::Test* ModelServiceTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ModelServiceTest");
	POLYTOMIC_ADD_TEST(suite, ModelServiceTest, testBoundedKeepsWhatFits);
	POLYTOMIC_ADD_TEST(suite, ModelServiceTest, testBoundedUntouchedWhenSmall);
	return suite;
}
