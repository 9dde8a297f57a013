//
// Utf8Repair.cpp
//


#include "plugins/Utf8Repair.h"
#include "polytomic/json.hpp"


namespace polytomic {
namespace plugins {


std::string repairUtf8(std::string_view text)
{
	// The SDK's JSON layer already repairs UTF-8; PostgreSQL also refuses NUL in text, which UTF-8 allows.
	std::string out = json::repairedUtf8(std::string(text));
	for (std::size_t at = out.find('\0'); at != std::string::npos; at = out.find('\0', at + 3))
		out.replace(at, 1, "\xEF\xBF\xBD");
	return out;
}


} } // namespace polytomic::plugins
