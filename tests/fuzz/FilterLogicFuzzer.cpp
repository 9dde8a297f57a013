//
// FilterLogicFuzzer.cpp
//
// A model sync's filter_logic on any text: parse() refuses with
// std::invalid_argument or gives an expression that evaluates without failing.
//


#include "plugins/RecordMapper.h"
#include <stdexcept>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	// The first byte says which filters hold (and that there are 8), the rest is the logic.
	if (size == 0) return 0;
	const std::size_t filters = 8;
	std::vector<bool> results(filters);
	for (std::size_t i = 0; i < filters; ++i) results[i] = (data[0] >> i) & 1;
	const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
	try
	{
		const auto logic = polytomic::plugins::FilterLogic::parse(text, filters);
		logic.evaluate(results);
	}
	catch (const std::invalid_argument&)
	{
	}
	return 0;
}
