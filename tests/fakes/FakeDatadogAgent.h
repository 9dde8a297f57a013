//
// FakeDatadogAgent.h
//
// Definition of the FakeDatadogAgent class.
//


#ifndef Polytomic_Test_FakeDatadogAgent_INCLUDED
#define Polytomic_Test_FakeDatadogAgent_INCLUDED


#include "fakes/FakeHttpService.h"
#include "Poco/JSON/Object.h"


namespace polytomic {
namespace test {


class FakeDatadogAgent: public FakeHttpService
	/// The Datadog agent's trace intake as its API documents it: PUT (or POST)
	/// /v0.3/traces or /v0.4/traces with a JSON array of traces, each an array
	/// of spans {trace_id, span_id, parent_id, name, resource, service, type,
	/// start, duration, error, meta, metrics}. Checks what the agent checks
	/// (non-zero ids, one trace_id per trace, unique span ids, a name and a
	/// service of 1-100 characters, start after 2000, duration >= 0, string
	/// meta) and answers 200 {"rate_by_service": {...}}, or 400 with the
	/// reason. Msgpack bodies are answered 415: this fake reads JSON only.
{
public:
	FakeDatadogAgent();

	std::vector<Poco::JSON::Object::Ptr> spans() const;
		/// Every span of every accepted payload.

	static std::string check(const Request& request);
		/// Why the request is not a well-formed trace submission ("" when it is).
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeDatadogAgent_INCLUDED
