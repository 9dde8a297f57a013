//
// JsonFuzzer.cpp
//
// libFuzzer target: the SDK's JSON parser, with the server's request-body limits
// and with the defaults. Whatever the text, parse either returns a value whose
// dump is valid UTF-8 and parses back to the same value, or throws ParseError.
//
// polytomic_add_fuzzer(Json SOURCES JsonFuzzer.cpp LIBRARIES polytomic_sdk)
//


#include "polytomic/json.hpp"
#include <cstdint>
#include <cstdlib>
#include <string>


namespace
{
	void check(const std::string& text, const polytomic::json::ParseLimits& limits)
	{
		using polytomic::json::Value;
		Value value;
		try
		{
			value = Value::parse(text, limits);
		}
		catch (const polytomic::json::ParseError&)
		{
			return;
		}
		const std::string written = value.dump();
		if (!polytomic::json::isValidUtf8(written)) std::abort();
		if (Value::parse(written) != value) std::abort();
		if (value.isNumber() && value.isWholeNumber()) (void) value.asInt64();
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	const std::string text(reinterpret_cast<const char*>(data), size);
	polytomic::json::ParseLimits server;
	server.maxDepth = 64;
	server.maxValues = 100000;
	server.allowNul = false;
	check(text, server);
	check(text, polytomic::json::ParseLimits());
	return 0;
}
