//
// JsonFuzzer.cpp
//
// The SDK's JSON parser on any text, with the server's request-body limits and
// with the defaults: it refuses with ParseError, or gives a value whose dump()
// is valid UTF-8, parses back under the same limits to the same value and dumps
// to the same text.
//


#include "polytomic/json.hpp"
#include <cstdio>
#include <cstdlib>


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
		const std::string dumped = value.dump();
		if (!polytomic::json::isValidUtf8(dumped))
		{
			std::fprintf(stderr, "dump() wrote text that is not UTF-8\n");
			std::abort();
		}
		Value again;
		try
		{
			again = Value::parse(dumped, limits); // what the limits accepted dumps to text they accept
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
		if (value.isNumber() && value.isWholeNumber()) (void) value.asInt64();
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	const std::string text(reinterpret_cast<const char*>(data), size);
	polytomic::json::ParseLimits server;   // what Exchange::bodyObject() allows
	server.maxDepth = 64;
	server.maxValues = 100000;
	server.allowNul = false;
	server.allowDuplicateNames = false;
	check(text, server);
	check(text, polytomic::json::ParseLimits());
	return 0;
}
