//
// FakeDatadogAgent.cpp
//


#include "fakes/FakeDatadogAgent.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include <set>


namespace polytomic {
namespace test {


namespace
{
	Poco::JSON::Array::Ptr parseTraces(const std::string& body)
	{
		Poco::JSON::Parser parser;
		return parser.parse(body).extract<Poco::JSON::Array::Ptr>();
	}


	std::string checkSpan(const Poco::JSON::Object::Ptr& span, Poco::UInt64 traceId, std::set<Poco::UInt64>& spanIds)
	{
		for (const char* key: {"trace_id", "span_id", "parent_id", "start", "duration"})
			if (!span->has(key) || !span->get(key).isInteger()) return std::string(key) + " must be an integer";
		for (const char* key: {"name", "resource", "service"})
			if (!span->has(key) || !span->get(key).isString()) return std::string(key) + " must be a string";
		if (span->getValue<Poco::UInt64>("trace_id") != traceId) return "every span of a trace must have its trace_id";
		const Poco::UInt64 id = span->getValue<Poco::UInt64>("span_id");
		if (id == 0 || traceId == 0) return "trace_id and span_id must not be 0";
		if (!spanIds.insert(id).second) return "two spans have the same span_id";
		const std::string name = span->getValue<std::string>("name"), service = span->getValue<std::string>("service");
		if (name.empty() || name.size() > 100) return "name must be 1-100 characters";
		if (service.empty() || service.size() > 100) return "service must be 1-100 characters";
		if (span->getValue<std::string>("resource").size() > 5000) return "resource must be at most 5000 characters";
		if (span->getValue<Poco::Int64>("start") < 946684800LL * 1000000000LL) return "start must be after 2000-01-01, in nanoseconds";
		if (span->getValue<Poco::Int64>("duration") < 0) return "duration must not be negative";
		if (span->has("error") && span->getValue<int>("error") != 0 && span->getValue<int>("error") != 1) return "error must be 0 or 1";
		if (span->has("meta"))
		{
			Poco::JSON::Object::Ptr meta = span->getObject("meta");
			if (!meta) return "meta must be an object";
			for (const auto& [key, value]: *meta)
				if (!value.isString()) return "meta." + key + " must be a string";
		}
		return "";
	}
}


FakeDatadogAgent::FakeDatadogAgent():
	FakeHttpService([](const Request& request) {
		const std::string problem = check(request);
		if (problem.empty()) return Reply{200, "{\"rate_by_service\": {\"service:,env:\": 1}}"};
		return Reply{problem.rfind("msgpack", 0) == 0 ? 415 : 400, "{\"error\": \"" + problem + "\"}"};
	})
{
}


std::string FakeDatadogAgent::check(const Request& request)
{
	if (request.method != "PUT" && request.method != "POST") return "method: traces are PUT or POSTed";
	if (request.path != "/v0.3/traces" && request.path != "/v0.4/traces") return "path: no trace intake at " + request.path;
	const auto type = request.headers.find("Content-Type");
	if (type != request.headers.end() && type->second.find("msgpack") != std::string::npos) return "msgpack: this fake reads JSON only";
	try
	{
		Poco::JSON::Array::Ptr traces = parseTraces(request.body);
		const auto count = request.headers.find("X-Datadog-Trace-Count");
		if (count != request.headers.end() && std::stoul(count->second) != traces->size()) return "X-Datadog-Trace-Count differs from the traces sent";
		std::set<Poco::UInt64> spanIds;
		for (std::size_t t = 0; t < traces->size(); ++t)
		{
			Poco::JSON::Array::Ptr trace = traces->getArray(static_cast<unsigned>(t));
			if (!trace || trace->size() == 0) return "each trace must be a non-empty array of spans";
			const Poco::UInt64 traceId = trace->getObject(0)->getValue<Poco::UInt64>("trace_id");
			for (std::size_t s = 0; s < trace->size(); ++s)
			{
				const std::string problem = checkSpan(trace->getObject(static_cast<unsigned>(s)), traceId, spanIds);
				if (!problem.empty()) return problem;
			}
		}
	}
	catch (const std::exception& e)
	{
		return std::string("not a JSON array of arrays of spans: ") + e.what();
	}
	return "";
}


std::vector<Poco::JSON::Object::Ptr> FakeDatadogAgent::spans() const
{
	std::vector<Poco::JSON::Object::Ptr> out;
	for (const auto& request: requests())
	{
		if (!check(request).empty()) continue;
		Poco::JSON::Array::Ptr traces = parseTraces(request.body);
		for (std::size_t t = 0; t < traces->size(); ++t)
		{
			Poco::JSON::Array::Ptr trace = traces->getArray(static_cast<unsigned>(t));
			for (std::size_t s = 0; s < trace->size(); ++s) out.push_back(trace->getObject(static_cast<unsigned>(s)));
		}
	}
	return out;
}


} } // namespace polytomic::test
