//
// SalesforceBench.cpp
//
// 100,000 records written updateOrCreate (a Bulk API 2.0 upsert on an external
// id) into the Salesforce fake through the Salesforce connector, loaded as
// the server loads it, with the fake's latency and its configured processing
// throughput: records per second as a fraction of that throughput (what the
// jobs, their uploads and the polling cost on top of Salesforce's own
// processing). Figures, not asserts (docs/benchmarks.md).
//
//   salesforce-bench <salesforce.so> [records] [throughput records/s] [latency ms] [batch records] [poll ms]
//


#include "fakes/FakeSalesforce.h"
#include "plugins/ConnectorSession.h"
#include "plugins/HostServices.h"
#include "plugins/PluginLibrary.h"
#include "polytomic/batch.hpp"
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>


using namespace polytomic;


int main(int argc, char** argv)
{
	if (argc < 2)
	{
		std::cerr << "usage: salesforce-bench <salesforce.so> [records] [throughput records/s] [latency ms] [batch records] [poll ms]" << std::endl;
		return 64;
	}
	const long records = argc > 2 ? std::stol(argv[2]) : 100000;
	const double throughput = argc > 3 ? std::stod(argv[3]) : 10000;
	const int latency = argc > 4 ? std::stoi(argv[4]) : 50;
	const long batchRecords = argc > 5 ? std::stol(argv[5]) : 10000;
	const int pollMs = argc > 6 ? std::stoi(argv[6]) : 2000;
	test::FakeSalesforce salesforce("bench", "bench-secret");
	salesforce.setLatency(std::chrono::milliseconds(latency));
	salesforce.setThroughput(throughput);
	salesforce.setApiLimit(1000000);
	json::Value config = json::Value::object();
	config.set("instance_url", salesforce.url(""));
	config.set("access_token", salesforce.issueAccessToken());
	config.set("bulk_poll_ms", pollMs);

	auto library = plugins::PluginLibrary::open(argv[1]);
	plugins::HostServices host(library->manifest().id);
	host.useAccessToken(config.getString("access_token"));
	auto session = library->connect(host);
	const auto started = std::chrono::steady_clock::now();
	auto writer = session->openWriter(config, "Contact", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"External_Id__c"});
	const std::size_t callsBefore = salesforce.apiCalls();
	long written = 0, rejected = 0;
	const std::vector<sdk::Field> fields{{"External_Id__c", sdk::Type::String, false}, {"LastName", sdk::Type::String, true},
		{"Email", sdk::Type::String, true}, {"Score__c", sdk::Type::Float64, true}};
	const auto writing = std::chrono::steady_clock::now();
	for (long begin = 0; begin < records; begin += batchRecords)
	{
		sdk::BatchBuilder batch(fields);
		for (long i = begin; i < std::min(records, begin + batchRecords); ++i)
		{
			batch.appendString(0, "bench-" + std::to_string(i));
			batch.appendString(1, "Bench " + std::to_string(i));
			batch.appendString(2, "bench" + std::to_string(i) + "@example.com");
			batch.appendFloat64(3, static_cast<double>(i) / 4);
		}
		ArrowSchema schema;
		ArrowArray array;
		batch.finish(&schema, &array);
		plugins::Batch owned(&schema, &array);
		for (const auto& r: writer->write(owned.schema(), owned.array())) (r.ok ? written : rejected)++;
	}
	writer->close(true);
	const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - writing).count();
	const double perSecond = written / seconds;
	std::printf("records %ld written %ld rejected %ld in %.2f s (%.2f s with the describe): %.0f records/s; the fake's throughput %.0f records/s; "
		"fraction %.3f; jobs %zu, polls %zu, API calls %zu; batch %ld records, poll at most every %d ms, latency %d ms\n",
		records, written, rejected, seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), perSecond,
		throughput, perSecond / throughput, salesforce.jobs(), salesforce.polls(), salesforce.apiCalls() - callsBefore, batchRecords, pollMs, latency);
	return rejected == 0 ? 0 : 1;
}
