//
// FilterLogicFuzzer.cpp
//
// libFuzzer target: the filter_logic of model syncs. Whatever the text, parse
// either returns an expression that evaluates, or throws std::invalid_argument.
//
// polytomic_add_fuzzer(FilterLogic SOURCES FilterLogicFuzzer.cpp LIBRARIES kernel_plugins)
//


#include "plugins/RecordMapper.h"
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	const std::string text(reinterpret_cast<const char*>(data), size);
	try
	{
		const auto logic = polytomic::plugins::FilterLogic::parse(text, 4);
		(void) logic.evaluate({true, false, true, false});
	}
	catch (const std::invalid_argument&)
	{
	}
	return 0;
}
