//
// JsonFuzzer.cpp
//
// The SDK's JSON parser on any text: it refuses with ParseError or gives a value
// whose dump() parses back to the same value and dumps to the same text.
//


#include "polytomic/json.hpp"
#include <cstdio>
#include <cstdlib>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using polytomic::json::Value;
	const std::string text(reinterpret_cast<const char*>(data), size);
	Value value;
	try
	{
		value = Value::parse(text);
	}
	catch (const polytomic::json::ParseError&)
	{
		return 0;
	}
	const std::string dumped = value.dump();
	Value again;
	try
	{
		again = Value::parse(dumped);
	}
	catch (const polytomic::json::ParseError& e)
	{
		std::fprintf(stderr, "dump() wrote text that parse() refuses (%s): %s\n", e.what(), dumped.c_str());
		std::abort();
	}
	if (again != value || again.dump() != dumped)
	{
		std::fprintf(stderr, "the round trip changed the value: %s -> %s\n", dumped.c_str(), again.dump().c_str());
		std::abort();
	}
	return 0;
}
