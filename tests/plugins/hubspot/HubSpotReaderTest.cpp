//
// HubSpotReaderTest.cpp
//
// The HubSpot connector's reads (plugins/hubspot/HubSpotReader), loaded as the
// server loads it, against the HubSpot fake.
//


#include "HubSpotReaderTest.h"
#include "fakes/FakeHubSpot.h"
#include "plugins/BatchJson.h"
#include "plugins/ConnectorSession.h"
#include "plugins/HostServices.h"
#include "plugins/PluginLibrary.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <map>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	struct Read
	{
		std::map<std::string, int> times;   /// id -> how often the read gave it
		std::string state;
	};


	Read readModified(const FakeHubSpot& hubspot, const std::string& state)
		/// An incremental read of contacts on lastmodifieddate from state, as a bulk sync does it.
	{
		auto library = plugins::PluginLibrary::open(HUBSPOT_PLUGIN);
		plugins::HostServices host(library->manifest().id);
		auto session = library->connect(host);
		json::Value config = json::Value::object();
		config.set("api_url", hubspot.url(""));
		config.set("access_token", const_cast<FakeHubSpot&>(hubspot).issueAccessToken());
		host.useAccessToken(config.getString("access_token"));
		plugins::ConnectorSession::ReadSpec spec;
		spec.config = config;
		spec.object = "contacts";
		spec.fields = {"email"};
		spec.trackingField = "lastmodifieddate";
		spec.batchRows = 1000;
		spec.state = state.empty() ? json::Value() : json::Value::parse(state);
		Read read;
		read.state = state;
		session->read(spec, [&](std::unique_ptr<plugins::Batch> batch, const std::string& reached) {
			const sdk::BatchReader rows(batch->schema(), batch->array());
			const int column = rows.find("hs_object_id");
			CPPUNIT_ASSERT(column >= 0);
			for (int64_t row = 0; row < rows.rows(); ++row)
			{
				const json::Value id = plugins::rowToJson(rows, row)[static_cast<std::size_t>(column)];
				++read.times[id.isString() ? id.asString() : id.dump()];
			}
			read.state = reached;
			return true;
		});
		return read;
	}
}


void HubSpotReaderTest::testIncrementalReadPastTheSearchLimit()
{
	// 12,500 changed contacts, three in each millisecond: one search gives 10,000 of them at most (a 400
	// beyond), so the read starts a new search from the last millisecond reached, and that millisecond's
	// contacts straddle the 10,000th result.
	FakeHubSpot hubspot("id", "secret");
	const long long since = 1767225600000; // 2026-01-01
	std::map<std::string, long long> modified;
	for (int i = 0; i < 12500; ++i)
		modified[hubspot.add("contacts", {{"email", "r" + std::to_string(i) + "@example.com"}}, since + i / 3)] = since + i / 3;
	const Read first = readModified(hubspot, "");
	CPPUNIT_ASSERT_EQUAL(modified.size(), first.times.size());
	for (const auto& [id, times]: first.times)
	{
		CPPUNIT_ASSERT_MESSAGE(id, modified.count(id));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 1, times);
	}
	CPPUNIT_ASSERT_EQUAL(static_cast<int64_t>(since + 12499 / 3), json::Value::parse(first.state).getInt64("modified_after", -1));

	// The next read from that state gives only what changed since: the last millisecond's records are not given again.
	std::map<std::string, int> added;
	for (int i = 0; i < 250; ++i) added[hubspot.add("contacts", {{"email", "n" + std::to_string(i) + "@example.com"}}, since + 12499 / 3 + i / 5)] = 1;
	const Read next = readModified(hubspot, first.state);
	CPPUNIT_ASSERT_EQUAL(added.size(), next.times.size());
	for (const auto& [id, times]: next.times)
	{
		CPPUNIT_ASSERT_MESSAGE(id, added.count(id));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 1, times);
	}
}


CppUnit::Test* HubSpotReaderTest::suite()
{
	auto* suite = new CppUnit::TestSuite("HubSpotReaderTest");
	POLYTOMIC_ADD_TEST(suite, HubSpotReaderTest, testIncrementalReadPastTheSearchLimit);
	return suite;
}
