//
// PaginationTest.cpp
//


#include "PaginationTest.h"
#include "http/Pagination.h"
#include "RunningServer.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>


using namespace polytomic;
using namespace polytomic::http;
using polytomic::test::HttpProbe;


namespace
{
	struct Item
	{
		std::string name;
		std::string id;
	};


	// Items "item-00000".."item-(n-1)", read as a repository would: after a cursor, at most limit.
	Pagination::Fetch<Item> items(std::size_t n, int* pCalls = nullptr)
	{
		return [n, pCalls](const std::optional<Pagination::Cursor>& after, std::size_t limit) {
			if (pCalls) ++*pCalls;
			std::vector<Item> rows;
			for (std::size_t i = 0; i < n && rows.size() < limit; ++i)
			{
				char name[32];
				std::snprintf(name, sizeof(name), "item-%05zu", i);
				if (after && std::string(name) <= after->sortKey) continue;
				rows.push_back(Item{name, "id" + std::to_string(i)});
			}
			return rows;
		};
	}


	const Pagination::CursorOf<Item> cursorOf = [](const Item& item) { return Pagination::Cursor{item.name, item.id}; };
}


void PaginationTest::testPagesFollowTheirTokens()
{
	Router router;
	router.add("GET", "/items", [](Exchange& e) {
		Pagination::sendPage<Item>(e, items(5), cursorOf, [](const Item& item) { return json::Value(item.name); }, 2, 10);
	});
	RunningServer running(router);
	std::vector<std::string> seen;
	std::string path = "/items";
	for (int page = 0; page < 5; ++page)
	{
		const json::Value answer = json::Value::parse(HttpProbe::get(running.port(), path).body);
		for (const json::Value& name: answer["data"].items()) seen.push_back(name.asString());
		if (answer["pagination"]["next_page_token"].isNull()) break;
		path = "/items?page_token=" + answer["pagination"]["next_page_token"].asString();
	}
	CPPUNIT_ASSERT_EQUAL(std::size_t(5), seen.size());
	CPPUNIT_ASSERT_EQUAL(std::string("item-00004"), seen.back());
	// Exactly the limit left: the last page says so (no empty page after it).
	const json::Value four = json::Value::parse(HttpProbe::get(running.port(), "/items?limit=5").body);
	CPPUNIT_ASSERT(four["pagination"]["next_page_token"].isNull());
}


void PaginationTest::testBadTokenIsRefused()
{
	Router router;
	router.add("GET", "/items", [](Exchange& e) {
		Pagination::sendPage<Item>(e, items(5), cursorOf, [](const Item& item) { return json::Value(item.name); }, 2, 10);
	});
	RunningServer running(router);
	for (const std::string& token: std::vector<std::string>{"zz", "abc", "31", Pagination::tokenOf({"a", "b"}) + "1f", "31" "1f" "ff" "1f" "61"})
	{
		const auto answer = HttpProbe::get(running.port(), "/items?page_token=" + token);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(token, 400, answer.status);
		CPPUNIT_ASSERT(answer.body.find("bad_page_token") != std::string::npos);
	}
}


void PaginationTest::testWholeListReadsEveryBatch()
{
	int calls = 0;
	const auto all = Pagination::whole<Item>(items(1201, &calls), cursorOf, 5000, "items", 500);
	CPPUNIT_ASSERT_EQUAL(std::size_t(1201), all.size());
	CPPUNIT_ASSERT_EQUAL(std::string("item-01200"), all.back().name);
	CPPUNIT_ASSERT_EQUAL(3, calls);
	CPPUNIT_ASSERT_EQUAL(std::size_t(0), Pagination::whole<Item>(items(0), cursorOf, 10, "items").size());
}


void PaginationTest::testWholeListBeyondItsMaximumIsRefused()
{
	try
	{
		Pagination::whole<Item>(items(30), cursorOf, 20, "items", 10);
		CPPUNIT_FAIL("a list longer than its maximum must be refused, not cut");
	}
	catch (const HttpError& e)
	{
		CPPUNIT_ASSERT_EQUAL(422, e.status());
		CPPUNIT_ASSERT(std::string(e.what()).find("more than 20 items") != std::string::npos);
	}
}


CppUnit::Test* PaginationTest::suite()
{
	auto* suite = new CppUnit::TestSuite("PaginationTest");
	POLYTOMIC_ADD_TEST(suite, PaginationTest, testPagesFollowTheirTokens);
	POLYTOMIC_ADD_TEST(suite, PaginationTest, testBadTokenIsRefused);
	POLYTOMIC_ADD_TEST(suite, PaginationTest, testWholeListReadsEveryBatch);
	POLYTOMIC_ADD_TEST(suite, PaginationTest, testWholeListBeyondItsMaximumIsRefused);
	return suite;
}
