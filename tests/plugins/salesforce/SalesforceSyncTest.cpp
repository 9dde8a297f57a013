//
// SalesforceSyncTest.cpp
//
// The Salesforce connector against the Salesforce fake: the conformance
// harness (REST and Bulk API reads); model syncs from PostgreSQL into Contact
// through Bulk API 2.0 upserts on an external id, every failed and
// unprocessed record mapped back to its own; bulk syncs from Salesforce into
// PostgreSQL through Bulk API 2.0 query jobs, incremental on SystemModstamp;
// and the daily API share stopping a run before the org's limit.
//


#include "SalesforceSyncTest.h"
#include "SalesforceOrg.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <fstream>
#include <unistd.h>


using namespace polytomic;
using namespace polytomic::test;


namespace
{
	int64_t count(const json::Value& execution, const char* key)
	{
		return execution["counts"].getInt64(key, -1);
	}


	std::map<std::string, FakeSalesforce::Record> contactsByExternalId(const FakeSalesforce& salesforce)
	{
		std::map<std::string, FakeSalesforce::Record> out;
		for (const auto& r: salesforce.records("Contact"))
			if (r.fields.count("External_Id__c")) out[r.fields.at("External_Id__c")] = r;
		return out;
	}


	std::string harness(const FakeSalesforce& salesforce, const std::string& accessToken, long long bulkThreshold)
	{
		const std::string config = "/tmp/salesforce-harness-" + std::to_string(::getpid()) + ".json";
		json::Value c = json::Value::object();
		c.set("instance_url", salesforce.url(""));
		c.set("access_token", accessToken);
		c.set("bulk_poll_ms", 20);
		c.set("bulk_read_threshold", bulkThreshold);
		c.set("objects", "Contact");
		{
			std::ofstream out(config);
			out << c.dump();
		}
		int exitCode = -1;
		const std::string output = ChildProcess::run(CONNECTOR_TEST_BIN, {SALESFORCE_PLUGIN, "--config", config, "--object", "Contact",
			"--write-into", "Contact", "--identity", "External_Id__c", "--write-fields", "External_Id__c,LastName,Email,Score__c", "--strict"},
			{{"PATH", "/usr/bin:/bin"}}, exitCode, std::chrono::milliseconds(300000));
		std::remove(config.c_str());
		CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, exitCode);
		CPPUNIT_ASSERT_MESSAGE(output, output.find(" 0 failed") != std::string::npos);
		return output;
	}
}


void SalesforceSyncTest::testHarness()
{
	FakeSalesforce salesforce("id", "secret");
	for (int i = 0; i < 40; ++i)
		salesforce.add("Contact", {{"External_Id__c", "h" + std::to_string(i)}, {"LastName", "H" + std::to_string(i)},
			{"Email", "h" + std::to_string(i) + "@example.com"}, {"Score__c", std::to_string(i) + ".25"}, {"Birthdate", "1990-02-0" + std::to_string(1 + i % 9)}});
	salesforce.setQueryPageSize(7); // queryMore on every read
	const std::string token = salesforce.issueAccessToken();
	harness(salesforce, token, 0);
	const std::size_t jobsBefore = salesforce.jobs();
	// Every read through a Bulk API 2.0 query job: the same checks hold.
	harness(salesforce, token, 1);
	bool bulkQuery = false;
	for (const auto& q: salesforce.queries()) bulkQuery = bulkQuery || (q.find("ORDER BY") == std::string::npos && q.find("COUNT()") == std::string::npos);
	CPPUNIT_ASSERT(bulkQuery);
	CPPUNIT_ASSERT(salesforce.jobs() > jobsBefore);
}


void SalesforceSyncTest::testModelSyncUpsertsOnExternalId()
{
	SalesforceOrg org("sfmodel");
	const std::string id = org.connect("CRM");
	const std::string sync = org.contactSync(org.peopleModel(600, org.warehouseConnection()), id);

	// The first job stops after 250 records: the rest come back unprocessed, each reported as such.
	org.salesforce.failJobsAfter(250, "InternalServerError : the job was stopped");
	const json::Value first = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(first.dump(), std::string("completed"), first.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(first.dump(), int64_t(600), count(first, "insert") + count(first, "error"));
	CPPUNIT_ASSERT_MESSAGE(first.dump(), count(first, "error") > 6);
	CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(count(first, "insert")), org.salesforce.records("Contact").size());

	// The next run sends what was not written; Salesforce refuses the six bad emails, each on its own.
	org.salesforce.failJobsAfter(0, "");
	const json::Value second = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.dump(), std::string("completed"), second.getString("status"));
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.dump(), int64_t(6), count(second, "error"));
	auto contacts = contactsByExternalId(org.salesforce);
	CPPUNIT_ASSERT_EQUAL(std::size_t(594), contacts.size());
	for (int i = 1; i <= 600; ++i)
	{
		auto it = contacts.find(std::to_string(i));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(i), i % 100 != 0, it != contacts.end());
		if (it == contacts.end()) continue;
		CPPUNIT_ASSERT_EQUAL("Last " + std::to_string(i), it->second.fields.at("LastName"));
		CPPUNIT_ASSERT_EQUAL("p" + std::to_string(i) + "@example.com", it->second.fields.at("Email"));
		CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(i), std::size_t(1), org.salesforce.writesOf("Contact", it->second.id));
	}

	// Unchanged records are not sent again: a re-run writes nothing into Salesforce.
	const json::Value third = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(third.dump(), std::string("completed"), third.getString("status"));
	CPPUNIT_ASSERT_EQUAL(int64_t(594), count(third, "unchanged"));
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(third, "insert") + count(third, "update"));
	for (const auto& [external, c]: contactsByExternalId(org.salesforce))
		CPPUNIT_ASSERT_EQUAL_MESSAGE(external, std::size_t(1), org.salesforce.writesOf("Contact", c.id));

	// Fixed at the source, the six go in, and only they, once each, though the org answers 503 three times first.
	org.warehouse.execute("UPDATE people SET email = 'fixed' || id || '@example.com' WHERE id % 100 = 0");
	org.salesforce.refuseNext(3, 503);
	const json::Value fourth = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(fourth.dump(), std::string("completed"), fourth.getString("status"));
	CPPUNIT_ASSERT_EQUAL(int64_t(0), count(fourth, "error"));
	CPPUNIT_ASSERT_EQUAL(int64_t(6), count(fourth, "insert") + count(fourth, "update"));
	CPPUNIT_ASSERT_EQUAL(std::size_t(600), org.salesforce.records("Contact").size());
	for (const auto& [external, c]: contactsByExternalId(org.salesforce))
		CPPUNIT_ASSERT_EQUAL_MESSAGE(external, std::size_t(1), org.salesforce.writesOf("Contact", c.id));
}


void SalesforceSyncTest::testBulkSyncIntoPostgresIncremental()
{
	SalesforceOrg org("sfbulk");
	std::vector<std::string> ids;
	for (int i = 0; i < 300; ++i)
		ids.push_back(org.salesforce.add("Contact", {{"External_Id__c", "c" + std::to_string(i)}, {"LastName", "Contact " + std::to_string(i)},
			{"Score__c", std::to_string(i) + ".5"}, {"HasOptedOutOfEmail", i % 2 ? "true" : "false"}, {"Birthdate", "1990-01-0" + std::to_string(1 + i % 9)}}));
	const std::string id = org.connect("CRM");
	const std::string warehouseId = org.warehouseConnection();
	org.warehouse.execute("CREATE SCHEMA salesforce");
	json::Value create = json::Value::parse(R"({"name": "Salesforce to the warehouse", "mode": "replicate", "schemas": ["Contact"],
		"destination_configuration": {"schema": "salesforce"}})");
	create.set("source_connection_id", id);
	create.set("destination_connection_id", warehouseId);
	const std::string syncId = org.admin->data("POST", "/api/bulk/syncs", create.dump()).getString("id");
	const json::Value first = org.runBulk(syncId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(first.dump(), std::string("completed"), first.getString("status"));
	CPPUNIT_ASSERT_EQUAL(std::string("300"), org.warehouse.scalar("SELECT count(*) FROM salesforce.\"Contact\""));
	CPPUNIT_ASSERT_EQUAL(std::string("Contact 7|7.5|true|1990-01-08"), org.warehouse.scalar(
		"SELECT \"LastName\" || '|' || \"Score__c\" || '|' || \"HasOptedOutOfEmail\" || '|' || \"Birthdate\" FROM salesforce.\"Contact\" "
		"WHERE \"External_Id__c\" = 'c7'"));
	CPPUNIT_ASSERT_EQUAL(std::string("timestamp with time zone"), org.warehouse.scalar("SELECT data_type FROM information_schema.columns "
		"WHERE table_schema = 'salesforce' AND table_name = 'Contact' AND column_name = 'SystemModstamp'"));
	// 300 records, past the connection's bulk_read_threshold (100): a Bulk API 2.0 query job read them.
	bool bulk = false;
	for (const auto& q: org.salesforce.queries()) bulk = bulk || (q.find("FROM Contact") != std::string::npos && q.find("ORDER BY") == std::string::npos &&
		q.find("COUNT()") == std::string::npos);
	CPPUNIT_ASSERT(bulk);

	// Five changed and three new in Salesforce: the next run reads those eight only.
	for (int i = 0; i < 5; ++i) org.salesforce.change("Contact", ids[static_cast<std::size_t>(i)], {{"LastName", "Changed " + std::to_string(i)}});
	for (int i = 0; i < 3; ++i) org.salesforce.add("Contact", {{"External_Id__c", "n" + std::to_string(i)}, {"LastName", "New " + std::to_string(i)}});
	const json::Value second = org.runBulk(syncId);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.dump(), std::string("completed"), second.getString("status"));
	int64_t written = -1;
	for (const auto& s: second["schemas"].items()) written = s.getInt64("record_count", written);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(second.dump(), int64_t(8), written);
	CPPUNIT_ASSERT_EQUAL(std::string("303"), org.warehouse.scalar("SELECT count(*) FROM salesforce.\"Contact\""));
	CPPUNIT_ASSERT_EQUAL(std::string("Changed 3"), org.warehouse.scalar("SELECT \"LastName\" FROM salesforce.\"Contact\" WHERE \"External_Id__c\" = 'c3'"));
	CPPUNIT_ASSERT(org.salesforce.queries().back().find("SystemModstamp >=") != std::string::npos);
}


void SalesforceSyncTest::testDailyShareStopsTheRun()
{
	SalesforceOrg org("sfshare");
	const std::string id = org.connect("CRM");
	const std::string sync = org.contactSync(org.peopleModel(300, org.warehouseConnection()), id);
	// 990 of the org's 2,000 daily requests are used; the connection may use half of them (the default share).
	org.salesforce.setApiLimit(2000, 990);
	org.salesforce.setThroughput(50);
	const json::Value stopped = org.runSync(sync);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(stopped.dump(), std::string("failed"), stopped.getString("status"));
	const std::string error = stopped["errors"].size() ? stopped["errors"][0].asString() : stopped.dump();
	CPPUNIT_ASSERT_MESSAGE(error, error.find("daily API requests") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("daily_api_share") != std::string::npos);
	CPPUNIT_ASSERT_MESSAGE(error, error.find("REQUEST_LIMIT_EXCEEDED") == std::string::npos);
	// Each executor sends at most one request past the share before it knows the usage: nowhere near the org's limit.
	CPPUNIT_ASSERT_MESSAGE(std::to_string(org.salesforce.apiUsed()), org.salesforce.apiUsed() <= 1005);
}


CppUnit::Test* SalesforceSyncTest::suite()
{
	auto* suite = new CppUnit::TestSuite("SalesforceSyncTest");
	POLYTOMIC_ADD_TEST(suite, SalesforceSyncTest, testHarness);
	POLYTOMIC_ADD_TEST(suite, SalesforceSyncTest, testModelSyncUpsertsOnExternalId);
	POLYTOMIC_ADD_TEST(suite, SalesforceSyncTest, testBulkSyncIntoPostgresIncremental);
	POLYTOMIC_ADD_TEST(suite, SalesforceSyncTest, testDailyShareStopsTheRun);
	return suite;
}
