//
// ScheduleFuzzer.cpp
//
// Schedules on any input: text that starts with '{' is a whole schedule object,
// anything else a custom cron expression. fromJson() refuses with
// ValidationError or gives a schedule whose next run can be computed.
//


#include "engine/EngineError.h"
#include "engine/Schedule.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using polytomic::json::Value;
	const std::string text(reinterpret_cast<const char*>(data), size);
	Value schedule;
	if (!text.empty() && text[0] == '{')
	{
		try
		{
			schedule = Value::parse(text);
		}
		catch (const polytomic::json::ParseError&)
		{
			return 0;
		}
	}
	else
	{
		schedule.set("frequency", "custom");
		schedule.set("cron", text);
	}
	try
	{
		const auto parsed = polytomic::engine::Schedule::fromJson(schedule);
		parsed.nextAfter(1764547200);  // 2025-12-01T00:00:00Z
	}
	catch (const polytomic::engine::ValidationError&)
	{
	}
	return 0;
}
