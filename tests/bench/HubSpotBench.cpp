//
// HubSpotBench.cpp
//
// 100,000 records written updateOrCreate (batch upsert on email) into the
// HubSpot fake through the HubSpot connector, loaded as the server loads it,
// with the fake's latency and HubSpot's burst limit: records per second as a
// fraction of the bound the limit sets (requests per second x 100 records).
// Figures, not asserts (docs/benchmarks.md).
//
//   hubspot-bench <hubspot.so> [records] [latency ms] [requests per 10 s]
//


#include "fakes/FakeHubSpot.h"
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
		std::cerr << "usage: hubspot-bench <hubspot.so> [records] [latency ms] [requests per 10 s]" << std::endl;
		return 64;
	}
	const long records = argc > 2 ? std::stol(argv[2]) : 100000;
	const int latency = argc > 3 ? std::stoi(argv[3]) : 50;
	const int burst = argc > 4 ? std::stoi(argv[4]) : 190;
	test::FakeHubSpot hubspot("bench", "bench-secret");
	hubspot.setLatency(std::chrono::milliseconds(latency));
	hubspot.setBurstLimit(burst);
	json::Value config = json::Value::object();
	config.set("api_url", hubspot.url(""));
	config.set("access_token", hubspot.issueAccessToken());
	config.set("requests_per_ten_seconds", burst);

	auto library = plugins::PluginLibrary::open(argv[1]);
	plugins::HostServices host(library->manifest().id);
	host.useAccessToken(config.getString("access_token"));
	auto session = library->connect(host);
	const auto started = std::chrono::steady_clock::now();
	const std::size_t callsBefore = hubspot.apiCalls();
	auto writer = session->openWriter(config, "contacts", POLYTOMIC_MODE_UPDATE_OR_CREATE, {"email"});
	long written = 0, rejected = 0;
	const std::vector<sdk::Field> fields{{"email", sdk::Type::String, false}, {"firstname", sdk::Type::String, true},
		{"score", sdk::Type::Float64, true}};
	const auto writing = std::chrono::steady_clock::now();
	for (long begin = 0; begin < records; begin += 10000)
	{
		sdk::BatchBuilder batch(fields);
		for (long i = begin; i < std::min(records, begin + 10000); ++i)
		{
			batch.appendString(0, "bench" + std::to_string(i) + "@example.com");
			batch.appendString(1, "Bench " + std::to_string(i));
			batch.appendFloat64(2, static_cast<double>(i) / 4);
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
	const double bound = burst / 10.0 * 100.0;
	std::printf("records %ld written %ld rejected %ld in %.1f s (%.0f s with discovery): %.0f records/s; bound %.0f records/s "
		"(%d requests/10 s x 100); fraction %.3f; API calls %zu, refused by the limiter (429) %d; latency %d ms\n",
		records, written, rejected, seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), perSecond,
		bound, burst, perSecond / bound, hubspot.apiCalls() - callsBefore, hubspot.refused(), latency);
	return rejected == 0 ? 0 : 1;
}
