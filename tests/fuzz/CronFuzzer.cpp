//
// CronFuzzer.cpp
//
// libFuzzer target: schedules. The input is a cron expression for a custom
// schedule; fromJson either builds a schedule whose next run can be asked for,
// or throws ValidationError (a 400 at the API), nothing else.
//
// polytomic_add_fuzzer(Cron SOURCES CronFuzzer.cpp LIBRARIES kernel_engine)
//


#include "engine/EngineError.h"
#include "engine/Schedule.h"
#include <cstdint>
#include <ctime>
#include <string>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using polytomic::json::Value;
	const std::string text(reinterpret_cast<const char*>(data), size);
	if (!polytomic::json::isValidUtf8(text)) return 0; // the API's JSON parser refuses it before the schedule sees it
	Value schedule = Value::object();
	schedule.set("frequency", "custom");
	schedule.set("cron", text);
	try
	{
		(void) polytomic::engine::Schedule::fromJson(schedule).nextAfter(std::time_t(1767225600));
	}
	catch (const polytomic::engine::ValidationError&)
	{
	}
	return 0;
}
