//
// Utf8Repair.cpp
//


#include "plugins/Utf8Repair.h"


namespace polytomic {
namespace plugins {


namespace
{
	std::size_t validSequence(std::string_view text, std::size_t at)
		/// The length of the UTF-8 character at `at`; 0 when none starts there.
	{
		const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
		const unsigned char first = byte(at);
		if (first == 0) return 0;
		if (first < 0x80) return 1;
		std::size_t length = first >= 0xC2 && first <= 0xDF ? 2 : first >= 0xE0 && first <= 0xEF ? 3 : first >= 0xF0 && first <= 0xF4 ? 4 : 0;
		if (length == 0 || at + length > text.size()) return 0;
		for (std::size_t i = 1; i < length; ++i)
			if ((byte(at + i) & 0xC0) != 0x80) return 0;
		const unsigned char second = byte(at + 1);
		if (first == 0xE0 && second < 0xA0) return 0;   // over-long
		if (first == 0xED && second >= 0xA0) return 0;  // a surrogate
		if (first == 0xF0 && second < 0x90) return 0;   // over-long
		if (first == 0xF4 && second >= 0x90) return 0;  // beyond U+10FFFF
		return length;
	}
}


std::string repairUtf8(std::string_view text)
{
	std::string out;
	out.reserve(text.size());
	for (std::size_t at = 0; at < text.size();)
	{
		const std::size_t length = validSequence(text, at);
		if (length)
		{
			out.append(text.data() + at, length);
			at += length;
		}
		else
		{
			out += "\xEF\xBF\xBD";
			++at;
		}
	}
	return out;
}


} } // namespace polytomic::plugins
